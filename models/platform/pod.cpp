// SPDX-License-Identifier: Apache-2.0
#include "models/platform/pod.h"

#include "models/host/register_map.h"
#include "models/platform/model_config.h"
#include "models/platform/sim_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace lumen {

using namespace sc_core;

void declare_pod_keys(config_schema& s) {
    s.add_integer("pod.gpus", 8, 2, 1024, "GPUs",
                  "GPUs in the pod, one switch port each per plane");
    s.add_integer("pod.planes", 4, 1, 64, "planes",
                  "switch planes; every GPU has one link to each (NVLink-style fan-out)");
    s.add_integer("pod.interleave_bytes", 4096, 64, 1LL << 30, "B",
                  "addresses are dealt to the planes round robin in blocks of this size");

    s.add_integer("switch.ports", 64, 2, 1024, "ports",
                  "radix of a switch chip; the pod uses pod.gpus of them");
    s.add_choice("switch.queueing", "voq", {"voq", "input_fifo"},
                 "input queueing: virtual output queues, or one FIFO per input (head-of-line "
                 "blocking)");
    s.add_choice("switch.arbiter", "islip", {"islip", "round_robin"}, "crossbar arbiter");
    s.add_integer("switch.islip_iterations", 1, 1, 64, "iterations", "iSLIP iterations per slot");
    s.add_integer("switch.speedup", 1, 1, 16, "", "crossbar speed over the port rate");
    s.add_boolean("switch.cut_through", false,
                  "forward a packet once its header is in (else store and forward)");
    s.add_real("switch.core_clock_ghz", 1.5, 0.0, 100.0, "GHz", "switch core clock", true);
    s.add_integer("switch.pipeline_cycles", 4, 0, 10000, "core cycles",
                  "latency from the crossbar to the output port");
    s.add_integer("switch.port_bytes_per_cycle", 64, 1, 4096, "B/cycle",
                  "crossbar datapath width per port (64 B at 1.5 GHz = 96 GB/s, above one link)");
    s.add_integer("switch.header_bytes", 16, 0, 1024, "B",
                  "added to every packet inside the switch");
    s.add_integer("switch.input_buffer_bytes", 65536, 256, 1LL << 30, "B",
                  "input buffer per port and request/response plane; credits toward the link");

    s.add_choice("workload.kind", "allreduce", workload_kind_names(),
                 "pattern: synthetic traffic; the collectives run on real buffers; llm_step: a "
                 "tensor- and pipeline-parallel training step");
    s.add_choice("workload.pattern", "uniform", pattern_names(),
                 "destination of each request under workload.kind = pattern");
    s.add_real("workload.hotspot_fraction", 0.2, 0.0, 1.0, "",
               "share of requests to GPU 0 under the hotspot pattern");
    s.add_integer("workload.collective_bytes", 64LL << 20, 8, 1LL << 40, "B",
                  "per-GPU buffer of a collective (nccl-tests' size); a multiple of 8 x pod.gpus");
    s.add_integer("workload.broadcast_slices", 16, 1, 4096, "slices",
                  "pipelined pieces of a ring broadcast");

    s.add_choice("host.completion", "interrupt", {"interrupt", "poll"},
                 "how the host learns that a GPU is done: its completion interrupt, or status "
                 "polls");
    s.add_real("host.poll_interval_ns", 1000.0, 0.0, 1e9, "ns",
               "between status sweeps when polling", true);
    s.add_real("host.pcie_latency_ns", 500.0, 0.0, 1e6, "ns",
               "one-way latency of the host's control path (assumption: PCIe through a switch)");
    s.add_real("host.pcie_GBps", 32.0, 0.0, 1e4, "GB/s",
               "bandwidth of the host's control path (assumption: PCIe Gen5 x4)", true);

    s.add_integer("llm.layers", 8, 1, 1024, "layers", "transformer layers");
    s.add_integer("llm.hidden", 4096, 8, 1 << 20, "", "hidden size");
    s.add_integer("llm.sequence", 2048, 1, 1 << 24, "tokens", "sequence length");
    s.add_integer("llm.micro_batches", 4, 1, 4096, "", "micro-batches per step (GPipe)");
    s.add_integer("llm.micro_batch_size", 1, 1, 4096, "sequences", "sequences per micro-batch");
    s.add_integer("llm.tp", 4, 1, 1024, "GPUs", "tensor-parallel degree (GPUs per stage)");
    s.add_integer("llm.pp", 2, 1, 1024, "stages", "pipeline-parallel degree");
    s.add_integer("llm.bytes_per_element", 2, 1, 8, "B", "bytes per activation element");
    s.add_real("llm.tflops", 400.0, 0.0, 1e6, "TFLOP/s", "sustained compute rate of one GPU", true);
}

void check_pod(const config& c) {
    check_link_and_traffic(c);
    const int64_t gpus = c.integer("pod.gpus"), ports = c.integer("switch.ports");
    if (gpus > ports)
        throw config_error(fmt::format("pod.gpus = {} exceeds switch.ports = {}; allowed: <= {}",
                                       gpus, ports, ports));
    const int64_t capacity = c.integer("memory.capacity_gib") << 30;
    const workload_kind kind = workload_kind_named(c.choice("workload.kind"));
    if (kind == workload_kind::PATTERN) {
        const int64_t request = c.integer("workload.request_bytes");
        const int64_t interleave = c.integer("pod.interleave_bytes");
        if (interleave % request != 0)
            throw config_error(fmt::format(
                "pod.interleave_bytes = {} is not a multiple of workload.request_bytes = {}; "
                "allowed: a multiple, so that no request straddles two planes",
                interleave, request));
        if (c.integer("workload.region_bytes") / gpus < request)
            throw config_error(fmt::format(
                "workload.region_bytes = {} leaves less than one request per destination GPU; "
                "allowed: >= {}",
                c.integer("workload.region_bytes"), gpus * request));
        std::string why =
            pattern_unsupported(pattern_named(c.choice("workload.pattern")), unsigned(gpus));
        if (!why.empty())
            throw config_error(fmt::format("workload.pattern = {} {} (pod.gpus); allowed: another "
                                           "pattern or pod.gpus",
                                           c.choice("workload.pattern"), why));
        return;
    }
    collective_setup setup = collective_setup_from(c, 1);
    if (kind == workload_kind::LLM_STEP) {
        const llm_params& m = setup.llm;
        if (uint64_t(m.tp) * m.pp != uint64_t(gpus))
            throw config_error(fmt::format("llm.tp = {} times llm.pp = {} is not pod.gpus = {}; "
                                           "allowed: llm.tp x llm.pp = pod.gpus",
                                           m.tp, m.pp, gpus));
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
    } else if (setup.bytes % (8 * uint64_t(gpus)) != 0) {
        throw config_error(fmt::format("workload.collective_bytes = {} does not split into "
                                       "pod.gpus = {} chunks of 8-byte words; allowed: a multiple "
                                       "of {}",
                                       setup.bytes, gpus, 8 * gpus));
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

switch_params switch_params_from(const config& c) {
    switch_params p;
    p.ports = unsigned(c.integer("pod.gpus")); // the ports in use; unused ones carry nothing
    p.queueing =
        c.choice("switch.queueing") == "voq" ? queueing_kind::VOQ : queueing_kind::INPUT_FIFO;
    p.arbiter =
        c.choice("switch.arbiter") == "islip" ? arbiter_kind::ISLIP : arbiter_kind::ROUND_ROBIN;
    p.islip_iterations = unsigned(c.integer("switch.islip_iterations"));
    p.speedup = unsigned(c.integer("switch.speedup"));
    p.cut_through = c.boolean("switch.cut_through");
    p.core_clock_ghz = c.real("switch.core_clock_ghz");
    p.pipeline_cycles = unsigned(c.integer("switch.pipeline_cycles"));
    p.port_bytes_per_cycle = unsigned(c.integer("switch.port_bytes_per_cycle"));
    p.header_bytes = unsigned(c.integer("switch.header_bytes"));
    p.input_buffer_bytes = uint64_t(c.integer("switch.input_buffer_bytes"));
    return p;
}

collective_setup collective_setup_from(const config& c, uint64_t seed) {
    collective_setup s;
    s.kind = workload_kind_named(c.choice("workload.kind"));
    s.gpus = unsigned(c.integer("pod.gpus"));
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
    return s;
}

pod_platform::pod_platform(sc_module_name name, const config& c, uint64_t seed)
    : sc_module(name)
    , m_gpus(unsigned(c.integer("pod.gpus")))
    , m_memory_bytes(uint64_t(c.integer("memory.capacity_gib")) << 30)
    , m_max_time(c.real("sim.max_time_us"), SC_US)
    , m_kind(workload_kind_named(c.choice("workload.kind")))
    , m_setup(collective_setup_from(c, seed))
    , m_link_params(link_params_from(c)) {
    m_map.planes = unsigned(c.integer("pod.planes"));
    m_map.interleave_bytes = uint64_t(c.integer("pod.interleave_bytes"));
    const unsigned P = m_map.planes;

    const uint64_t memory_bytes = m_memory_bytes;
    switch_params sw = switch_params_from(c);
    for (unsigned s = 0; s < P; ++s)
        m_switch.push_back(std::make_unique<packet_switch>(
            fmt::format("switch{}", s).c_str(), sw,
            [memory_bytes](const tlm::tlm_generic_payload& gp, unsigned, bool) {
                return unsigned(gp.get_address() / memory_bytes);
            }));

    memory_port_params mem = memory_params_from(c);
    for (unsigned g = 0; g < m_gpus; ++g) {
        mem.base_address = uint64_t(g) * m_memory_bytes;
        m_memory.push_back(
            std::make_unique<memory_port>(fmt::format("gpu{}_memory", g).c_str(), mem));
        m_merger.push_back(
            std::make_unique<plane_merger>(fmt::format("gpu{}_merger", g).c_str(), m_map));
        m_splitter.push_back(
            std::make_unique<plane_splitter>(fmt::format("gpu{}_splitter", g).c_str(), m_map));
        m_merger[g]->out.bind(m_memory[g]->mem_target);
        for (unsigned s = 0; s < P; ++s) {
            auto link = std::make_unique<serdes::microled_link>(
                fmt::format("gpu{}_plane{}_link", g, s).c_str(), m_link_params,
                seed + uint64_t(g) * P + s);
            m_splitter[g]->out[s].bind(link->a_in);
            link->a_out.bind(m_merger[g]->in[s]);
            link->b_out.bind(m_switch[s]->port_in[g]);
            m_switch[s]->port_out[g].bind(link->b_in);
            m_link.push_back(std::move(link));
        }
    }
    // Requests leave a plane whose links, at either end, are down.
    for (unsigned g = 0; g < m_gpus; ++g)
        m_splitter[g]->plane_usable = [this, g, memory_bytes](unsigned plane, uint64_t address) {
            auto up = [](const serdes::microled_link& l) {
                return l.a_to_b().up() && l.b_to_a().up();
            };
            return up(link(g, plane)) && up(link(unsigned(address / memory_bytes), plane));
        };
    // A fault names a link ("gpu3_plane1_link") or, unnamed, hits every link.
    for (const auto& f : faults_from(c))
        for (auto& l : m_link) {
            if (!f.link.empty() && f.link != l->basename()) continue;
            if (f.direction != "b_to_a") l->a_to_b().schedule_fault(f.fault);
            if (f.direction != "a_to_b") l->b_to_a().schedule_fault(f.fault);
        }

    if (m_kind == workload_kind::PATTERN) {
        m_pattern_kind = pattern_named(c.choice("workload.pattern"));
        m_traffic_pattern = std::make_unique<traffic_pattern>(
            m_pattern_kind, m_gpus, c.real("workload.hotspot_fraction"), seed);
        const uint64_t request = uint64_t(c.integer("workload.request_bytes"));
        // Each source writes its own slice of every destination's memory.
        const uint64_t per_target =
            uint64_t(c.integer("workload.region_bytes")) / m_gpus / request * request;
        for (unsigned g = 0; g < m_gpus; ++g) {
            traffic_params t = traffic_params_from(c, gpu_capacity_GBps(), seed);
            t.region_bytes = per_target;
            t.target_base = g * per_target;
            t.target_stride = m_memory_bytes;
            t.targets = m_gpus;
            const traffic_pattern* pattern = m_traffic_pattern.get();
            t.pick_target = [pattern, g](random_stream& r) { return pattern->destination(g, r); };
            t.wait_for_start = true;
            t.on_done = [this, g] { gpu_done(g); };
            m_pattern.push_back(
                std::make_unique<traffic_engine>(fmt::format("gpu{}_engine", g).c_str(), t));
            m_pattern[g]->init_out.bind(m_splitter[g]->in);
        }
    } else {
        m_checker = std::make_unique<result_checker>(m_setup);
        std::vector<collective_program> programs = build_programs(m_setup);
        auto notify = [this](unsigned to, unsigned from, uint32_t tag) {
            m_collective[to]->arrived(from, tag);
        };
        for (unsigned g = 0; g < m_gpus; ++g) {
            collective_engine_params p;
            p.gpu = g;
            p.request_bytes = unsigned(c.integer("workload.request_bytes"));
            p.max_outstanding = unsigned(c.integer("workload.max_outstanding"));
            p.boundary_bytes = m_map.interleave_bytes;
            p.memory_stride = m_memory_bytes;
            initialize(m_setup, g, m_memory[g]->store());
            m_collective.push_back(std::make_unique<collective_engine>(
                fmt::format("gpu{}_engine", g).c_str(), p, std::move(programs[g]),
                m_memory[g]->store(), notify, [this, g] { gpu_done(g); }));
            m_collective[g]->init_out.bind(m_splitter[g]->in);
        }
    }
    build_control(c);
}

void pod_platform::build_control(const config& c) {
    control_bus_params bus;
    bus.latency_ns = c.real("host.pcie_latency_ns");
    bus.bandwidth_GBps = c.real("host.pcie_GBps");
    m_control = std::make_unique<control_bus>("control", bus);
    host_params h;
    h.gpus = m_gpus;
    h.switches = m_map.planes;
    h.completion =
        c.choice("host.completion") == "poll" ? completion_mode::POLL : completion_mode::INTERRUPT;
    h.poll_interval_ns = c.real("host.poll_interval_ns");
    m_host = std::make_unique<host_cpu>("host", h);
    m_host->ctrl_out.bind(m_control->host_in);
    m_gpu_state.resize(m_gpus);

    for (unsigned g = 0; g < m_gpus; ++g) {
        register_file f;
        f.read = [this, g](uint64_t offset) -> uint64_t {
            const gpu_state& st = m_gpu_state[g];
            const transaction_counts t = m_pattern.empty() ? m_collective[g]->stats().transactions
                                                           : m_pattern[g]->stats().transactions;
            switch (offset) {
            case regs::gpu::ID:
                return regs::gpu_id_magic | g;
            case regs::gpu::STATUS:
                return (st.started && !st.done ? regs::gpu::STATUS_RUNNING : 0) |
                       (st.done ? regs::gpu::STATUS_DONE : 0);
            case regs::gpu::IRQ_ENABLE:
                return st.irq_enable;
            case regs::gpu::ISSUED:
                return t.issued;
            case regs::gpu::COMPLETED:
                return t.completed;
            case regs::gpu::CHECKED:
                return st.checked;
            case regs::gpu::MISMATCHES:
                return st.mismatches;
            case regs::gpu::BYTES:
                return m_pattern.empty() ? m_collective[g]->stats().bytes_sent
                                         : m_pattern[g]->stats().bytes_completed;
            case regs::gpu::START_PS:
                return st.start_ps;
            case regs::gpu::DONE_PS:
                return st.done_ps;
            case regs::gpu::WAIT_PS:
                return m_pattern.empty() ? m_collective[g]->stats().wait_ps : 0;
            case regs::gpu::COMPUTE_PS:
                return m_pattern.empty() ? m_collective[g]->stats().compute_ps : 0;
            default:
                return 0;
            }
        };
        f.write = [this, g](uint64_t offset, uint64_t value) {
            gpu_state& st = m_gpu_state[g];
            if (offset == regs::gpu::IRQ_ENABLE) st.irq_enable = value & regs::gpu::IRQ_DONE;
            if (offset == regs::gpu::CONTROL && (value & regs::gpu::CONTROL_START) && !st.started) {
                st.started = true;
                st.start_ps = sc_time_stamp().value();
                if (m_pattern.empty())
                    m_collective[g]->start();
                else
                    m_pattern[g]->start();
            }
        };
        m_control->map(regs::gpu_base(g), regs::block, f);
    }
    for (unsigned s = 0; s < m_map.planes; ++s) {
        register_file f;
        f.read = [this, s](uint64_t offset) -> uint64_t {
            switch (offset) {
            case regs::sw::ID:
                return regs::switch_id_magic | s;
            case regs::sw::FORWARDED:
                return m_switch[s]->stats().forwarded;
            case regs::sw::MAX_QUEUE:
                return m_switch[s]->stats().max_queue_depth;
            case regs::sw::IN_FLIGHT:
                return m_switch[s]->in_flight();
            default:
                return 0;
            }
        };
        f.write = [](uint64_t, uint64_t) {}; // no writable registers
        m_control->map(regs::switch_base(s), regs::block, f);
    }
}

void pod_platform::gpu_done(unsigned g) {
    // The GPU checks its own result before it reports done, as a test
    // kernel would: the collective's buffer, or the traffic's written slots.
    gpu_state& st = m_gpu_state[g];
    st.done = true;
    st.done_ps = sc_time_stamp().value();
    if (m_pattern.empty()) {
        verdict v = m_checker->check(g, m_memory[g]->store());
        st.words_checked = v.words_checked;
        st.words_wrong = v.words_wrong;
        st.checked = v.words_wrong == 0 ? m_collective[g]->stats().transactions.completed : 0;
        st.mismatches = v.words_wrong + m_collective[g]->stats().transactions.mismatches;
    } else {
        m_pattern[g]->finish();
        st.checked = m_pattern[g]->stats().transactions.checked;
        st.mismatches = m_pattern[g]->stats().transactions.mismatches;
    }
    if (st.irq_enable) m_host->interrupt(g);
}

double pod_platform::gpu_capacity_GBps() const {
    return m_link_params.payload_capacity_GBps() * m_map.planes;
}

void pod_platform::trace(tracer& t) const {
    for (const auto& l : m_link) l->trace(t);
    for (const auto& s : m_switch) s->trace(t);
    for (const auto& m : m_memory) m->trace(t);
    for (const auto& e : m_pattern) e->trace(t);
    for (const auto& e : m_collective) e->trace(t);
}

void pod_platform::simulate(run_results& r, bool show_progress) {
    for (auto& e : m_pattern) e->preload();
    auto completed = [this] {
        uint64_t n = 0;
        for (const auto& e : m_pattern) n += e->stats().transactions.completed;
        for (const auto& e : m_collective) n += e->stats().transactions.completed;
        return n;
    };
    sim_progress progress{[this] {
                              size_t done = 0;
                              for (const auto& st : m_gpu_state) done += st.done;
                              return double(done) / m_gpus;
                          },
                          completed};
    run_simulation(
        m_max_time, [this] { return m_host->finished(); }, show_progress ? &progress : nullptr);
    if (!m_host->finished())
        r.failure = sc_time_stamp() >= m_max_time
                        ? fmt::format("timeout: workload not done after sim.max_time_us = {}",
                                      m_max_time.to_seconds() * 1e6)
                        : fmt::format("deadlock: no event left at {} with the workload unfinished",
                                      sc_time_stamp().to_string());
    else if (!m_host->error().empty())
        r.failure = "host: " + m_host->error();

    // The counters as the host read them over the control path; a GPU the
    // host never saw done counts what is still in flight as lost.
    uint64_t start_ps = ~uint64_t(0), end_ps = 0;
    for (unsigned g = 0; g < m_gpus; ++g) {
        transaction_counts t;
        if (m_host->finished()) {
            const gpu_readout& h = m_host->gpus()[g];
            t.issued = h.issued;
            t.completed = h.completed;
            t.checked = h.checked;
            t.mismatches = h.mismatches;
            r.bytes_completed += h.bytes;
            start_ps = std::min(start_ps, h.start_ps);
            end_ps = std::max(end_ps, h.done_ps);
        } else {
            if (m_pattern.empty()) {
                m_collective[g]->finish();
                t = m_collective[g]->stats().transactions;
            } else {
                if (!m_gpu_state[g].done) m_pattern[g]->finish();
                t = m_pattern[g]->stats().transactions;
            }
            t.lost = t.issued - t.completed;
            start_ps = std::min(start_ps, m_gpu_state[g].start_ps);
            end_ps = std::max<uint64_t>(end_ps, sc_time_stamp().value());
        }
        r.transactions += t;
    }
    if (start_ps > end_ps) start_ps = end_ps;
    const uint64_t span_ps = end_ps - start_ps;
    latency_record latency;
    for (const auto& e : m_pattern) latency.merge(e->stats().latency);
    for (const auto& e : m_collective) latency.merge(e->stats().latency);
    r.sim_time_ns = double(span_ps) / 1000.0;
    r.latency = latency.summary();
    for (const auto& l : m_link) {
        r.links.push_back(summarize_link(l->a_to_b(), span_ps));
        r.links.push_back(summarize_link(l->b_to_a(), span_ps));
    }
    for (const auto& l : r.links)
        if (l.rx_overflows) r.failure = "a receive buffer overflowed: " + l.name;
    if (!m_host->finished())
        for (const auto& l : m_link)
            for (const auto* ch : {&l->a_to_b(), &l->b_to_a()})
                if (!ch->up())
                    r.failure =
                        fmt::format("{} is down: fewer working lanes than link.min_lanes = {}",
                                    ch->name(), m_link_params.min_lanes);
    for (unsigned s = 0; s < m_map.planes; ++s) {
        switch_stats st = m_switch[s]->stats();
        switch_result sr{m_switch[s]->name(),
                         m_switch[s]->params().ports,
                         st.forwarded,
                         unsigned(st.max_queue_depth),
                         {},
                         1,
                         "switch"};
        for (const auto& p : st.ports)
            sr.port_stats.push_back({p.forwarded(), p.bytes_forwarded, p.queue_depth_max,
                                     p.queue_depth_mean, double(p.input_blocked_ps) / 1000.0,
                                     double(p.output_stalled_ps) / 1000.0,
                                     p.arbitration_conflicts});
        if (m_host->finished()) {
            sr.forwarded = m_host->switches()[s].forwarded;
            sr.max_queue_depth = unsigned(m_host->switches()[s].max_queue);
            if (m_host->switches()[s].in_flight != 0 && r.failure.empty())
                r.failure = fmt::format("{} still holds {} requests", sr.name,
                                        m_host->switches()[s].in_flight);
        }
        r.switches.push_back(sr);
    }
    if (m_kind == workload_kind::PATTERN)
        report_pattern(r, start_ps, end_ps);
    else
        report_collective(r, start_ps, end_ps);
    r.workload["host"] = {
        {"completion", m_host->interrupts() > 0 ? "interrupt" : "poll"},
        {"interrupts", m_host->interrupts()},
        {"status_reads", m_host->status_reads()},
        {"control_accesses", m_control->accesses()},
        {"finished_us", m_host->finished() ? double(sc_time_stamp().value()) / 1e6 : 0.0}};
}

void pod_platform::report_pattern(run_results& r, uint64_t start_ps, uint64_t end_ps) {
    const traffic_params& t = m_pattern[0]->params();
    const double span_ns = double(end_ps - start_ps) / 1000.0;
    const double capacity = gpu_capacity_GBps();
    // Accepted load per GPU port over the span of the run, averaged over ports.
    double accepted = 0;
    for (unsigned g = 0; g < m_gpus; ++g) {
        uint64_t bytes =
            m_host->finished() ? m_host->gpus()[g].bytes : m_pattern[g]->stats().bytes_completed;
        accepted += span_ns > 0 ? double(bytes) / span_ns / capacity : 0.0;
    }
    accepted /= m_gpus;
    r.workload = {{"kind", "pattern"},
                  {"pattern", pattern_names()[size_t(m_pattern_kind)]},
                  {"gpus", m_gpus},
                  {"planes", m_map.planes},
                  {"op", t.op == traffic_op::READ    ? "read"
                         : t.op == traffic_op::WRITE ? "write"
                                                     : "mixed"},
                  {"requests_per_gpu", m_pattern[0]->requests_total()},
                  {"gpu_payload_capacity_GBps", capacity},
                  {"offered_load", t.offered_GBps / capacity},
                  {"accepted_load", accepted}};
}

void pod_platform::report_collective(run_results& r, uint64_t start_ps, uint64_t end_ps) {
    uint64_t words = 0, wrong = 0;
    for (const auto& st : m_gpu_state) {
        words += st.words_checked;
        wrong += st.words_wrong;
    }
    const double time_ns = double(end_ps - start_ps) / 1000.0;
    const std::string kind = workload_kind_names()[size_t(m_kind)];
    r.workload = {{"kind", kind},           {"gpus", m_gpus},
                  {"planes", m_map.planes}, {"gpu_payload_capacity_GBps", gpu_capacity_GBps()},
                  {"words_checked", words}, {"words_wrong", wrong}};
    if (m_kind == workload_kind::LLM_STEP) {
        const llm_params& m = m_setup.llm;
        const double ideal_ns = double(m.ideal_step_ps()) / 1000.0;
        double compute = 0, wait = 0;
        for (unsigned g = 0; g < m_gpus && m_host->finished(); ++g) {
            compute += double(m_host->gpus()[g].compute_ps);
            wait += double(m_host->gpus()[g].wait_ps);
        }
        const double span_ps = std::max(1.0, time_ns * 1000.0) * m_gpus;
        r.workload.update(
            {{"step_time_us", time_ns / 1000.0},
             {"ideal_step_time_us", ideal_ns / 1000.0},
             {"interconnect_wait_fraction", time_ns > 0 ? (time_ns - ideal_ns) / time_ns : 0.0},
             {"compute_fraction", compute / span_ps},
             {"blocked_fraction", wait / span_ps},
             {"activation_bytes", m.activation_bytes()},
             {"tp", m.tp},
             {"pp", m.pp}});
        return;
    }
    const double algbw = time_ns > 0 ? double(m_setup.bytes) / time_ns : 0.0;
    const double factor = bus_factor(m_kind, m_gpus);
    r.workload.update({{"bytes", m_setup.bytes},
                       {"time_us", time_ns / 1000.0},
                       {"algbw_GBps", algbw},
                       {"busbw_GBps", algbw * factor},
                       {"bus_factor", factor}});
}

platform_description pod_description() {
    platform_description d;
    d.name = "pod";
    d.summary = "LumenLink GPU pod: N GPUs, each with a Micro LED link to each of P switch "
                "planes, running synthetic traffic, collectives on real buffers, or an LLM "
                "training step.";
    d.declare = [](config_schema& s) {
        declare_link_keys(s);
        declare_memory_keys(s);
        declare_traffic_keys(s);
        declare_fault_keys(s);
        declare_sim_keys(s);
        declare_pod_keys(s);
        // A pod's GPUs: HBM far faster than one link, and room for the
        // fabric's bandwidth-delay product; 4 KiB requests (16 flits).
        s.set_default("memory.bandwidth_GBps", 3000.0);
        s.set_default("memory.concurrent_accesses", 1024);
        s.set_default("memory.queue_depth", 64);
        s.set_default("workload.request_bytes", 4096);
        s.set_default("workload.bytes", 1 << 20);
        s.set_default("workload.region_bytes", 16 << 20);
    };
    d.validate = check_pod;
    d.run = [](const config& c, const run_options& o, run_results& r) {
        pod_platform top("pod", c, o.seed);
        if (o.trace) top.trace(*o.trace);
        top.simulate(r, o.progress);
    };
    return d;
}

} // namespace lumen
