// SPDX-License-Identifier: Apache-2.0
#include "models/platform/chakra_workload.h"

#include "models/platform/model_config.h"
#include "models/workload/chakra/timeline.h"
#include "models/workload/chakra_buffers.h"
#include "models/workload/collective_workload.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using chakra::node_kind;

void declare_chakra_keys(config_schema& s) {
    s.add_string("workload.trace", "",
                 "workload.kind = chakra: the traces' PREFIX, one Chakra execution trace per GPU "
                 "in PREFIX.<rank>.et (or .et.gz)");
    s.add_string("workload.comm_groups", "",
                 "workload.kind = chakra: a JSON file of process groups, {\"1\": [0, 1, 2, 3]}, "
                 "for traces whose METADATA node declares none");
}

chakra::job chakra_job_from(const config& c, unsigned gpus) {
    chakra::job_options o;
    o.prefix = c.string("workload.trace");
    if (o.prefix.empty())
        throw config_error("workload.kind = chakra needs workload.trace; allowed: the PREFIX of "
                           "PREFIX.<rank>.et files, one per GPU");
    o.ranks = gpus;
    o.comm_groups = c.string("workload.comm_groups");
    o.memory_bytes = uint64_t(c.integer("memory.capacity_gib")) << 30;
    // Whole 1 MiB blocks: every call's buffers start as the collective
    // workloads' do, on the same planes.
    o.align_bytes = 1 << 20;
    try {
        return chakra::load_job(o);
    } catch (const chakra::trace_error& e) {
        throw config_error(e.what());
    }
}

chakra_workload::chakra_workload(const config& c, unsigned gpus, const plane_interleave& map,
                                 uint64_t memory_bytes, uint64_t seed)
    : m_job(chakra_job_from(c, gpus))
    , m_seed(seed)
    , m_prefix(c.string("workload.trace")) {
    chakra_timing t;
    t.tflops = c.real("llm.tflops");
    t.memory = memory_params_from(c);
    t.broadcast_slices = unsigned(c.integer("workload.broadcast_slices"));
    m_plans = plan_job(m_job, t);
    m_engines.resize(gpus, nullptr);
    m_params.request_bytes = unsigned(c.integer("workload.request_bytes"));
    m_params.max_outstanding = unsigned(c.integer("workload.max_outstanding"));
    m_params.boundary_bytes = map.interleave_bytes;
    m_params.memory_stride = memory_bytes;
}

void chakra_workload::make_engine(unsigned g, gpu& gpu) {
    collective_engine_params p = m_params;
    p.gpu = g;
    // Local reductions move bytes at this GPU's memory port, as in a
    // collective run.
    p.memory_GBps = gpu.memory().params().bandwidth_GBps;
    p.memory_clock_ghz = gpu.memory().params().clock_ghz;
    backing_store& memory = gpu.memory().store();
    initialize_chakra(m_job, g, m_seed, memory);
    m_engines[g] = &gpu.make_engine<chakra_engine>(p, std::move(m_plans[g]), memory);
    const chakra::job* j = &m_job;
    const uint64_t seed = m_seed;
    gpu.set_result_check(
        [j, g, seed](const backing_store& m) { return check_chakra(*j, g, seed, m); });
}

namespace {

workload_kind kind_of(chakra::coll_kind k) {
    switch (k) {
    case chakra::coll_kind::ALL_GATHER:
        return workload_kind::ALLGATHER;
    case chakra::coll_kind::REDUCE_SCATTER:
        return workload_kind::REDUCE_SCATTER;
    case chakra::coll_kind::ALL_TO_ALL:
        return workload_kind::ALLTOALL;
    case chakra::coll_kind::BROADCAST:
        return workload_kind::BROADCAST;
    default: // ALL_REDUCE, and BARRIER laid out as one
        return workload_kind::ALLREDUCE;
    }
}

double us(uint64_t ps) {
    return double(ps) / 1e6;
}

} // namespace

void chakra_workload::report(fabric_builder& f, const run_span& span, run_results& r) const {
    const unsigned gpus = unsigned(m_engines.size());
    uint64_t words = 0, wrong = 0;
    for (unsigned g = 0; g < gpus; ++g) {
        words += f.gpu_at(g).words_checked();
        wrong += f.gpu_at(g).words_wrong();
    }
    nlohmann::json ranks = nlohmann::json::array();
    uint64_t compute = 0, comm = 0, exposed = 0, memory = 0;
    size_t nodes = 0;
    for (unsigned g = 0; g < gpus; ++g) {
        const chakra_engine& e = *m_engines[g];
        std::vector<chakra::interval> comp_iv, comm_iv, mem_iv;
        for (size_t i = 0; i < e.plan().nodes.size(); ++i) {
            const chakra::interval iv{e.node_start_ps()[i], e.node_end_ps()[i]};
            if (iv.second < iv.first) continue; // never ran (an unfinished run)
            switch (e.plan().nodes[i].kind) {
            case node_kind::COMP:
                comp_iv.push_back(iv);
                break;
            case node_kind::MEM_LOAD:
            case node_kind::MEM_STORE:
                mem_iv.push_back(iv);
                break;
            case node_kind::METADATA:
                break;
            default:
                comm_iv.push_back(iv);
            }
        }
        const uint64_t c = chakra::measure(comp_iv), m = chakra::measure(comm_iv),
                       x = chakra::measure_outside(comm_iv, comp_iv), mm = chakra::measure(mem_iv);
        compute += c;
        comm += m;
        exposed += x;
        memory += mm;
        nodes += e.plan().nodes.size();
        ranks.push_back(
            {{"rank", g},
             {"file", m_job.ranks[g].file},
             {"nodes", e.plan().nodes.size()},
             {"compute_us", us(c)},
             {"communication_us", us(m)},
             {"exposed_communication_us", us(x)},
             {"memory_us", us(mm)},
             {"finish_us",
              f.gpu_at(g).done() ? us(f.gpu_at(g).done_ps() - f.gpu_at(g).start_ps()) : 0.0}});
    }
    nlohmann::json calls = nlohmann::json::array();
    for (size_t k = 0; k < m_job.collectives.size(); ++k) {
        const chakra::collective_call& c = m_job.collectives[k];
        uint64_t start = ~uint64_t(0), end = 0;
        for (size_t p = 0; p < c.ranks.size(); ++p) {
            const chakra_engine& e = *m_engines[c.ranks[p]];
            start = std::min(start, e.node_start_ps()[c.nodes[p]]);
            end = std::max(end, e.node_end_ps()[c.nodes[p]]);
        }
        const double time_ns = end > start ? double(end - start) / 1000.0 : 0.0;
        const double algbw = time_ns > 0 ? double(c.trace_bytes) / time_ns : 0.0;
        const double factor = bus_factor(kind_of(c.kind), unsigned(c.ranks.size()));
        calls.push_back({{"name", c.name},
                         {"comm_type", chakra::coll_name(c.kind)},
                         {"pg_name", c.group},
                         {"ranks", c.ranks.size()},
                         {"bytes", c.trace_bytes},
                         {"laid_out_bytes", c.bytes},
                         {"start_us", end > start ? us(start - span.start_ps) : 0.0},
                         {"time_us", time_ns / 1000.0},
                         {"algbw_GBps", algbw},
                         {"busbw_GBps", algbw * factor},
                         {"bus_factor", factor}});
    }
    r.workload = {{"kind", "chakra"},
                  {"trace", m_prefix},
                  {"gpus", gpus},
                  {"words_checked", words},
                  {"words_wrong", wrong},
                  {"time_us", span.ns() / 1000.0},
                  {"nodes", nodes},
                  {"collectives", m_job.collectives.size()},
                  {"messages", m_job.messages.size()},
                  {"compute_us", us(compute)},
                  {"communication_us", us(comm)},
                  {"exposed_communication_us", us(exposed)},
                  {"memory_us", us(memory)},
                  {"ranks", ranks},
                  {"collective_calls", calls}};
}

void print_chakra_tables(std::FILE* out, const nlohmann::json& w) {
    // A dozen rows at most of each; every row is in --json.
    constexpr size_t rows = 12;
    fmt::print(out,
               "\n  {:>5} {:>7} {:>12} {:>12} {:>12} {:>12}  (us; exposed: communication "
               "not hidden behind compute)\n",
               "rank", "nodes", "compute", "comm", "exposed", "finish");
    const auto& ranks = w.at("ranks");
    for (size_t i = 0; i < ranks.size() && i < rows; ++i) {
        const auto& r = ranks[i];
        fmt::print(out, "  {:>5} {:>7} {:>12.3f} {:>12.3f} {:>12.3f} {:>12.3f}\n",
                   r.at("rank").get<unsigned>(), r.at("nodes").get<size_t>(),
                   r.at("compute_us").get<double>(), r.at("communication_us").get<double>(),
                   r.at("exposed_communication_us").get<double>(), r.at("finish_us").get<double>());
    }
    if (ranks.size() > rows) fmt::print(out, "  ... {} more ranks\n", ranks.size() - rows);
    fmt::print(out, "  {:>5} {:>7} {:>12.3f} {:>12.3f} {:>12.3f}\n", "total",
               w.at("nodes").get<size_t>(), w.at("compute_us").get<double>(),
               w.at("communication_us").get<double>(),
               w.at("exposed_communication_us").get<double>());
    const auto& calls = w.at("collective_calls");
    if (calls.empty()) return;
    fmt::print(out, "\n  {:<24} {:<15} {:>6} {:>12} {:>12} {:>10} {:>10}\n", "collective", "type",
               "ranks", "bytes", "time us", "algbw GB/s", "busbw GB/s");
    for (size_t i = 0; i < calls.size() && i < rows; ++i) {
        const auto& c = calls[i];
        fmt::print(out, "  {:<24} {:<15} {:>6} {:>12} {:>12.3f} {:>10.2f} {:>10.2f}\n",
                   c.at("name").get<std::string>().substr(0, 24),
                   c.at("comm_type").get<std::string>(), c.at("ranks").get<size_t>(),
                   c.at("bytes").get<uint64_t>(), c.at("time_us").get<double>(),
                   c.at("algbw_GBps").get<double>(), c.at("busbw_GBps").get<double>());
    }
    if (calls.size() > rows) fmt::print(out, "  ... {} more calls\n", calls.size() - rows);
}

} // namespace lumen
