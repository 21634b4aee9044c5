// SPDX-License-Identifier: Apache-2.0
#include "models/platform/p2p.h"

#include "models/fabric/topology_generators.h"
#include "models/platform/fabric_run.h"
#include "models/platform/model_config.h"
#include "models/platform/recovery_config.h"

#include <fmt/format.h>

namespace lumen {

namespace {

fabric_spec p2p_spec(const config& c, uint64_t seed) {
    fabric_spec s;
    s.topology = fabric::make_p2p();
    s.tier_links = {link_params_from(c)};
    s.memory = memory_params_from(c);
    s.seed = seed;
    s.host = false;
    s.recovery = recovery_params_from(c, s);
    return s;
}

} // namespace

p2p_platform::p2p_platform(const char* name, const config& c, uint64_t seed)
    : m_max_time(c.real("sim.max_time_us"), sc_core::SC_US)
    , m_fabric(name, p2p_spec(c, seed), [&](unsigned g, lumen::gpu& gpu) {
        // Each engine reads and writes the other GPU's memory.
        traffic_params t =
            traffic_params_from(c, link_params_from(c).payload_capacity_GBps(), seed);
        t.target_base = uint64_t(1 - g) * gpu.memory().params().size_bytes;
        t.stream_name = fmt::format("gpu{}_engine", g);
        m_engine[g] = &gpu.make_engine<traffic_engine>(t);
    }) {
    schedule_faults(c, m_fabric);
}

void p2p_platform::simulate(run_results& r, bool show_progress) {
    simulate_fabric(m_fabric, m_max_time,
                    show_progress ? progress_style::TERMINAL : progress_style::NONE, r);
    // The run lasts until the last response, from time zero.
    uint64_t end_ps = 0;
    for (auto* e : m_engine) end_ps = std::max(end_ps, e->stats().last_completion_ps);
    r.sim_time_ns = double(end_ps) / 1000.0;
    const serdes::link_params& link = m_fabric.link_at(0).params();
    const double capacity = link.payload_capacity_GBps();
    const traffic_params& t = m_engine[0]->params();
    r.workload = {{"kind", "pattern"},
                  {"op", traffic_op_name(t.op)},
                  {"requests_per_gpu", m_engine[0]->requests_total()},
                  // The pod's name: a p2p GPU has one link. The old name
                  // stays for one release (CHANGELOG).
                  {"gpu_payload_capacity_GBps", capacity},
                  {"link_payload_capacity_GBps", capacity},
                  {"offered_load", t.offered_GBps / capacity},
                  {"accepted_load", r.throughput_GBps() / 2.0 / capacity},
                  {"in_flight_peak_per_gpu",
                   double(m_engine[0]->in_flight_peak() + m_engine[1]->in_flight_peak()) / 2.0}};
}

platform_description p2p_description() {
    platform_description d;
    d.name = "p2p";
    d.summary = "LumenLink point-to-point: two GPUs joined by one full-duplex Micro LED link, "
                "reading and writing each other's memory.";
    d.declare = declare_common_keys;
    d.validate = [](const config& c) { check_link_and_traffic(c); };
    d.run = [](const config& c, const run_options& o, run_results& r) {
        p2p_platform top("p2p", c, o.seed);
        if (o.trace) {
            top.trace(*o.trace);
            o.trace->require_match();
        }
        top.simulate(r, o.progress);
    };
    return d;
}

} // namespace lumen
