// SPDX-License-Identifier: Apache-2.0
#include "models/platform/workload_config.h"

#include "models/platform/chakra_workload.h"
#include "models/platform/collective_sizes.h"
#include "models/platform/data_config.h"
#include "models/platform/llm_config.h"
#include "models/platform/model_config.h"
#include "models/platform/switch_config.h"
#include "models/workload/collective_engine.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

void declare_workload_keys(config_schema& s) {
    s.add_choice("workload.kind", "allreduce", workload_kind_names(),
                 "pattern: synthetic traffic; the collectives run on real buffers; llm_step: a "
                 "tensor- and pipeline-parallel training step; chakra: a Chakra execution trace "
                 "per GPU (docs/chakra.md)");
    declare_chakra_keys(s);
    s.add_choice("workload.pattern", "uniform", pattern_names(),
                 "destination of each request under workload.kind = pattern");
    s.add_real("workload.hotspot_fraction", 0.2, 0.0, 1.0, "",
               "share of requests to GPU 0 under the hotspot pattern");
    s.add_integer("workload.collective_bytes", 64LL << 20, 8, 1LL << 40, "B",
                  "per-GPU buffer of a collective (nccl-tests' size); a multiple of 8 x GPUs (of "
                  "8 for broadcast and sendrecv)");
    s.add_integer("workload.broadcast_slices", 16, 1, 4096, "slices",
                  "pipelined pieces of a ring broadcast");

    const llm_params m;
    s.add_integer("llm.layers", m.layers, 1, 1024, "layers", "transformer layers");
    s.add_integer("llm.hidden", m.hidden, 8, 1 << 20, "", "hidden size");
    s.add_integer("llm.sequence", m.sequence, 1, 1 << 24, "tokens", "sequence length");
    s.add_integer("llm.micro_batches", m.micro_batches, 1, 4096, "", "micro-batches per step");
    s.add_integer("llm.micro_batch_size", m.micro_batch_size, 1, 4096, "sequences",
                  "sequences per micro-batch");
    s.add_integer("llm.tp", m.tp, 1, 1024, "GPUs", "tensor-parallel degree (GPUs per stage)");
    s.add_integer("llm.pp", m.pp, 1, 1024, "stages", "pipeline-parallel degree");
    declare_llm_parallelism_keys(s);
    s.add_integer("llm.bytes_per_element", m.bytes_per_element, 1, 8, "B",
                  "bytes per activation element");
    // From 1 GFLOP/s: slower, a layer's compute time overflows the clock.
    s.add_real("llm.tflops", m.tflops, 0.001, 1e6, "TFLOP/s", "sustained compute rate of one GPU");
}

void declare_host_keys(config_schema& s) {
    const host_params h;
    const control_bus_params bus;
    s.add_choice("host.completion",
                 h.completion == completion_mode::INTERRUPT ? "interrupt" : "poll",
                 {"interrupt", "poll"},
                 "how the host learns that a GPU is done: its completion interrupt, or status "
                 "polls");
    // At least a nanosecond: shorter sweeps would only spin the kernel.
    s.add_real("host.poll_interval_ns", h.poll_interval_ns, 1.0, 1e9, "ns",
               "between status sweeps when polling");
    s.add_real("host.pcie_latency_ns", bus.latency_ns, 0.0, 1e6, "ns",
               "one-way latency of the host's control path (assumption: PCIe through a switch)");
    s.add_real("host.pcie_GBps", bus.bandwidth_GBps, 0.001, 1e4, "GB/s",
               "bandwidth of the host's control path (assumption: PCIe Gen5 x4; from 1 MB/s, "
               "where a transfer's time still fits the 64-bit clock)");
}

void declare_cluster_keys(config_schema& s) {
    declare_common_keys(s);
    declare_switch_keys(s);
    declare_workload_keys(s);
    declare_host_keys(s);
    declare_data_keys(s);
    // The GPUs of a cluster: HBM far faster than one link, and room for the
    // fabric's bandwidth-delay product; 4 KiB requests (16 flits).
    s.set_default("memory.bandwidth_GBps", 3000.0);
    s.set_default("memory.concurrent_accesses", 1024);
    s.set_default("memory.queue_depth", 64);
    s.set_default("workload.request_bytes", 4096);
    s.set_default("workload.bytes", 1 << 20);
    s.set_default("workload.region_bytes", 16 << 20);
}

host_params host_params_from(const config& c) {
    host_params h;
    h.completion =
        c.choice("host.completion") == "poll" ? completion_mode::POLL : completion_mode::INTERRUPT;
    h.poll_interval_ns = c.real("host.poll_interval_ns");
    return h;
}

control_bus_params control_bus_params_from(const config& c) {
    control_bus_params bus;
    bus.latency_ns = c.real("host.pcie_latency_ns");
    bus.bandwidth_GBps = c.real("host.pcie_GBps");
    return bus;
}

collective_setup collective_setup_from(const config& c, unsigned gpus, uint64_t seed) {
    collective_setup s;
    s.kind = workload_kind_named(c.choice("workload.kind"));
    s.gpus = gpus;
    s.bytes = uint64_t(c.integer("workload.collective_bytes"));
    s.seed = seed;
    s.broadcast_slices = unsigned(c.integer("workload.broadcast_slices"));
    s.llm.layers = unsigned(c.integer("llm.layers"));
    s.llm.hidden = unsigned(c.integer("llm.hidden"));
    s.llm.sequence = unsigned(c.integer("llm.sequence"));
    s.llm.micro_batches = unsigned(c.integer("llm.micro_batches"));
    s.llm.micro_batch_size = unsigned(c.integer("llm.micro_batch_size"));
    s.llm.tp = unsigned(c.integer("llm.tp"));
    s.llm.pp = unsigned(c.integer("llm.pp"));
    s.llm.bytes_per_element = unsigned(c.integer("llm.bytes_per_element"));
    s.llm.tflops = c.real("llm.tflops");
    llm_parallelism_from(c, s.llm);
    return s;
}

void check_workload(const config& c, unsigned gpus, const workload_keys& keys) {
    const int64_t capacity = c.integer("memory.capacity_gib") << 30;
    const workload_kind kind = workload_kind_named(c.choice("workload.kind"));
    if (kind == workload_kind::PATTERN) {
        const int64_t request = c.integer("workload.request_bytes");
        const int64_t interleave = c.integer(keys.interleave);
        if (interleave % request != 0)
            throw config_error(fmt::format(
                "{} = {} is not a multiple of workload.request_bytes = {}; allowed: a multiple, "
                "so that no request straddles two planes",
                keys.interleave, interleave, request));
        if (c.integer("workload.region_bytes") / gpus < request)
            throw config_error(fmt::format(
                "workload.region_bytes = {} leaves less than one request per destination GPU; "
                "allowed: >= {}",
                c.integer("workload.region_bytes"), gpus * request));
        std::string why = pattern_unsupported(pattern_named(c.choice("workload.pattern")), gpus);
        if (!why.empty())
            throw config_error(fmt::format("workload.pattern = {} {} ({}); allowed: another "
                                           "pattern or {}",
                                           c.choice("workload.pattern"), why, keys.gpus,
                                           keys.gpus));
        return;
    }
    if (kind == workload_kind::CHAKRA) {
        chakra_job_from(c, gpus); // every trace read and checked before the run
        return;
    }
    collective_setup setup = collective_setup_from(c, gpus, 1);
    if (kind == workload_kind::LLM_STEP) {
        const llm_params& m = setup.llm;
        if (uint64_t(m.tp) * m.pp * m.dp != uint64_t(gpus))
            throw config_error(fmt::format("llm.tp = {} x llm.pp = {} x llm.dp = {} is {} GPUs, "
                                           "not {} = {}; allowed: llm.tp x llm.pp x llm.dp = {}",
                                           m.tp, m.pp, m.dp, uint64_t(m.tp) * m.pp * m.dp,
                                           keys.gpus, gpus, keys.gpus));
        if (m.layers % m.pp != 0)
            throw config_error(fmt::format("llm.layers = {} does not split into llm.pp = {} "
                                           "stages; allowed: a multiple of {}",
                                           m.layers, m.pp, m.pp));
        if (m.activation_bytes() % (8 * m.tp) != 0)
            throw config_error(fmt::format(
                "llm activations of {} B do not split into llm.tp = {} whole 8-byte words; "
                "allowed: llm.micro_batch_size x llm.sequence x llm.hidden x "
                "llm.bytes_per_element a multiple of {}",
                m.activation_bytes(), m.tp, 8 * m.tp));
    } else if (std::string why = collective_bytes_unsupported(kind, setup.bytes, gpus);
               !why.empty()) {
        throw config_error(fmt::format(
            "workload.collective_bytes = {} {} ({} = {}){}", setup.bytes, why, keys.gpus, gpus,
            why.find("allowed") == std::string::npos ? "; allowed: a multiple of 8" : ""));
    }
    if (setup.memory_needed() > uint64_t(capacity))
        throw config_error(fmt::format(
            "{} = {} needs {} B of each GPU's memory, more than memory.capacity_gib = {}; "
            "allowed: a workload that fits",
            kind == workload_kind::LLM_STEP ? "llm.hidden" : "workload.collective_bytes",
            kind == workload_kind::LLM_STEP ? c.integer("llm.hidden")
                                            : c.integer("workload.collective_bytes"),
            setup.memory_needed(), c.integer("memory.capacity_gib")));
}

platform_workload::platform_workload(const config& c, collective_setup setup,
                                     const plane_interleave& map, uint64_t memory_bytes,
                                     double gpu_capacity_GBps, uint64_t seed,
                                     const std::vector<uint64_t>& sizes)
    : m_kind(setup.kind)
    , m_setup(std::move(setup))
    , m_map(map)
    , m_memory_bytes(memory_bytes)
    , m_capacity_GBps(gpu_capacity_GBps)
    , m_request_bytes(unsigned(c.integer("workload.request_bytes")))
    , m_max_outstanding(unsigned(c.integer("workload.max_outstanding"))) {
    const unsigned gpus = m_setup.gpus;
    if (m_kind == workload_kind::PATTERN) {
        m_pattern_kind = pattern_named(c.choice("workload.pattern"));
        m_traffic_pattern = std::make_unique<traffic_pattern>(
            m_pattern_kind, gpus, c.real("workload.hotspot_fraction"), seed);
        m_traffic = traffic_params_from(c, gpu_capacity_GBps, seed);
        // Each source writes its own slice of every destination's memory.
        m_traffic.region_bytes =
            uint64_t(c.integer("workload.region_bytes")) / gpus / m_request_bytes * m_request_bytes;
        m_traffic.target_stride = memory_bytes;
        m_traffic.targets = gpus;
        m_traffic.wait_for_start = true;
        m_traffic.data = m_setup.data;
        return;
    }
    if (m_kind == workload_kind::CHAKRA) {
        m_chakra = std::make_unique<chakra_workload>(c, gpus, map, memory_bytes, seed);
        return;
    }
    if (m_kind == workload_kind::LLM_STEP) {
        m_checker = std::make_unique<result_checker>(m_setup);
        m_programs = build_programs(m_setup);
        m_llm_programs = m_programs; // its report reads the programs' labels
        m_engines.assign(gpus, nullptr);
        return;
    }
    m_sweep = std::make_unique<collective_sweep>(
        m_setup, sizes.empty() ? std::vector<uint64_t>{m_setup.bytes} : sizes);
    collective_sweep::programs_t p = m_sweep->programs();
    m_programs = std::move(p.programs);
    m_round_ends = std::move(p.round_ends);
    m_gpu_verdicts.assign(gpus, verdict{});
    m_round_wrong.assign(m_sweep->rounds(), 0);
}

void platform_workload::make_engine(unsigned g, gpu& gpu) {
    if (m_kind == workload_kind::PATTERN) {
        traffic_params t = m_traffic;
        t.target_base = g * m_traffic.region_bytes;
        t.stream_name = fmt::format("gpu{}_engine", g);
        const traffic_pattern* pattern = m_traffic_pattern.get();
        t.pick_target = [pattern, g](random_stream& r) { return pattern->destination(g, r); };
        gpu.make_engine<traffic_engine>(t);
        return;
    }
    if (m_chakra) {
        m_chakra->make_engine(g, gpu);
        return;
    }
    collective_engine_params p;
    p.gpu = g;
    p.request_bytes = m_request_bytes;
    p.max_outstanding = m_max_outstanding;
    p.boundary_bytes = m_map.interleave_bytes;
    p.memory_stride = m_memory_bytes;
    p.memory_GBps = gpu.memory().params().bandwidth_GBps;
    p.memory_clock_ghz = gpu.memory().params().clock_ghz;
    backing_store& memory = gpu.memory().store();
    if (!m_sweep) { // a training step: traffic, nothing to check
        initialize(m_setup, g, memory);
        collective_engine& engine =
            gpu.make_engine<collective_engine>(p, std::move(m_programs[g]), memory);
        m_engines[g] = &engine;
        const result_checker* checker = m_checker.get();
        gpu.set_result_check([checker, g](const backing_store& m) { return checker->check(g, m); });
        return;
    }
    // Each round is checked when the GPU ends it, and the next one's buffers
    // written, before the barrier lets peers in; the GPU's verdict sums them.
    m_sweep->prepare(0, g, memory);
    p.round_ends = std::move(m_round_ends[g]);
    p.round_done = [this, g, &memory](size_t k) {
        const verdict v = m_sweep->check(k, g, memory);
        m_gpu_verdicts[g].words_checked += v.words_checked;
        m_gpu_verdicts[g].words_wrong += v.words_wrong;
        m_round_wrong[k] += v.words_wrong;
        if (k + 1 < m_sweep->rounds()) m_sweep->prepare(k + 1, g, memory);
    };
    gpu.make_engine<collective_engine>(p, std::move(m_programs[g]), memory);
    gpu.set_result_check([this, g](const backing_store&) { return m_gpu_verdicts[g]; });
}

void platform_workload::report(fabric_builder& f, const run_span& span, run_results& r) const {
    if (m_kind == workload_kind::PATTERN)
        report_pattern(f, span, r);
    else if (m_chakra)
        m_chakra->report(f, span, r);
    else
        report_collective(f, span, r);
    r.workload["data"] = data_mode_name(m_setup.data);
    if (!f.host()) return;
    const host_cpu& h = *f.host();
    r.workload["host"] = {
        {"completion", h.interrupts() > 0 ? "interrupt" : "poll"},
        {"interrupts", h.interrupts()},
        {"status_reads", h.status_reads()},
        {"control_accesses", f.control()->accesses()},
        {"finished_us", h.finished() ? double(sc_core::sc_time_stamp().value()) / 1e6 : 0.0}};
}

void platform_workload::report_pattern(fabric_builder& f, const run_span& span,
                                       run_results& r) const {
    const traffic_params& t = m_traffic;
    const double span_ns = span.ns();
    const unsigned gpus = m_setup.gpus;
    // Accepted load per GPU port over the span of the run, averaged over ports.
    double accepted = 0;
    for (unsigned g = 0; g < gpus; ++g)
        accepted += span_ns > 0 ? double(gpu_bytes(f, g)) / span_ns / m_capacity_GBps : 0.0;
    accepted /= gpus;
    // What the run held at once: the messages in flight are most of a large
    // pod's working set (docs/scaling.md).
    uint64_t in_flight = 0;
    for (unsigned g = 0; g < gpus; ++g)
        if (auto* e = dynamic_cast<const traffic_engine*>(&f.gpu_at(g).engine()))
            in_flight += e->in_flight_peak();
    r.workload = {{"kind", "pattern"},
                  {"pattern", pattern_names()[size_t(m_pattern_kind)]},
                  {"gpus", gpus},
                  {"planes", m_map.planes},
                  {"op", traffic_op_name(t.op)},
                  {"requests_per_gpu", t.total_bytes / t.request_bytes},
                  {"gpu_payload_capacity_GBps", m_capacity_GBps},
                  {"offered_load", t.offered_GBps / m_capacity_GBps},
                  {"accepted_load", accepted},
                  {"in_flight_peak_per_gpu", double(in_flight) / gpus}};
}

void platform_workload::report_collective(fabric_builder& f, const run_span& span,
                                          run_results& r) const {
    const unsigned gpus = m_setup.gpus;
    uint64_t words = 0, wrong = 0;
    for (unsigned g = 0; g < gpus; ++g) {
        words += f.gpu_at(g).words_checked();
        wrong += f.gpu_at(g).words_wrong();
    }
    const double time_ns = span.ns();
    r.workload = {{"kind", workload_kind_names()[size_t(m_kind)]},
                  {"gpus", gpus},
                  {"planes", m_map.planes},
                  {"gpu_payload_capacity_GBps", m_capacity_GBps},
                  {"words_checked", words},
                  {"words_wrong", wrong}};
    if (m_kind == workload_kind::LLM_STEP) {
        const llm_params& m = m_setup.llm;
        const double ideal_ns = double(m.ideal_step_ps()) / 1000.0;
        double compute = 0, wait = 0;
        const bool read = f.host() && f.host()->finished();
        for (unsigned g = 0; g < gpus; ++g) {
            compute +=
                double(read ? f.host()->gpus()[g].compute_ps : f.gpu_at(g).engine().compute_ps());
            wait += double(read ? f.host()->gpus()[g].wait_ps : f.gpu_at(g).engine().wait_ps());
        }
        const double span_ps = std::max(1.0, time_ns * 1000.0) * gpus;
        r.workload.update(
            {{"step_time_us", time_ns / 1000.0},
             {"ideal_step_time_us", ideal_ns / 1000.0},
             {"interconnect_wait_fraction", time_ns > 0 ? (time_ns - ideal_ns) / time_ns : 0.0},
             {"compute_fraction", compute / span_ps},
             {"blocked_fraction", wait / span_ps},
             {"activation_bytes", m.activation_bytes()},
             {"tp", m.tp},
             {"pp", m.pp}});
        std::vector<program_timeline> timelines(gpus);
        for (unsigned g = 0; g < gpus; ++g)
            timelines[g] = {m_engines[g]->stats().start_ps, m_engines[g]->op_end_ps()};
        report_llm_step(m, m_llm_programs, timelines, span, r.workload);
        return;
    }
    // nccl-tests' table, one row per size; the scalar figures are the last
    // (largest) size's.
    const std::vector<size_row> rows = sweep_rows(f, *m_sweep, span, m_round_wrong);
    r.workload["sizes"] = size_rows_json(rows);
    r.workload["avg_busbw_GBps"] = average_busbw(rows);
    // A run that stopped in its first round reports that round's time so far.
    const size_row last = rows.empty() ? size_row_of(m_kind, gpus, m_sweep->round(0).bytes,
                                                     time_ns * 1000.0, m_round_wrong[0])
                                       : rows.back();
    r.workload.update({{"bytes", last.size},
                       {"time_us", last.time_us},
                       {"algbw_GBps", last.algbw_GBps},
                       {"busbw_GBps", last.busbw_GBps},
                       {"bus_factor", bus_factor(m_kind, gpus)}});
}

} // namespace lumen
