// SPDX-License-Identifier: Apache-2.0
#include "models/platform/p2p.h"

#include "models/host/register_map.h"
#include "models/platform/model_config.h"
#include "models/platform/sim_runner.h"

#include <fmt/format.h>

namespace lumen {

using namespace sc_core;

p2p_platform::p2p_platform(sc_module_name name, const config& c, uint64_t seed)
    : sc_module(name)
    , m_max_time(c.real("sim.max_time_us"), SC_US) {
    serdes::link_params link = link_params_from(c);
    m_link = std::make_unique<serdes::microled_link>("link", link, seed);
    memory_port_params mem = memory_params_from(c);
    for (int g = 0; g < 2; ++g) {
        // GPU g's memory is the g-th capacity-sized range of the address map;
        // each engine reads and writes the other GPU's memory.
        mem.base_address = uint64_t(g) * mem.size_bytes;
        m_gpu[g] = std::make_unique<lumen::gpu>(fmt::format("gpu{}", g).c_str(), unsigned(g), mem,
                                                plane_interleave{});
        traffic_params t = traffic_params_from(c, link.payload_capacity_GBps(), seed);
        t.target_base = uint64_t(1 - g) * mem.size_bytes;
        t.stream_name = fmt::format("gpu{}_engine", g);
        m_engine[g] = &m_gpu[g]->make_engine<traffic_engine>(t);
        // Standing in for a driver: the platform takes the interrupts.
        m_gpu[g]->registers().write(regs::gpu::IRQ_ENABLE, regs::gpu::IRQ_DONE);
        m_gpu[g]->irq.bind(*this);
    }
    for (const auto& f : faults_from(c)) {
        if (!f.link.empty() && f.link != "link") continue; // the p2p platform has one link, "link"
        if (f.direction != "b_to_a") m_link->a_to_b().schedule_fault(f.fault);
        if (f.direction != "a_to_b") m_link->b_to_a().schedule_fault(f.fault);
    }
    m_gpu[0]->fabric_out(0).bind(m_link->a_in);
    m_link->a_out.bind(m_gpu[0]->fabric_in(0));
    m_gpu[1]->fabric_out(0).bind(m_link->b_in);
    m_link->b_out.bind(m_gpu[1]->fabric_in(0));
}

void p2p_platform::trace(tracer& t) const {
    m_link->trace(t);
    for (const auto& g : m_gpu) g->trace(t);
}

void p2p_platform::simulate(run_results& r, bool show_progress) {
    for (auto* e : m_engine) e->preload();
    auto done = [this] { return m_done[0] && m_done[1]; };
    sim_progress progress{[this] {
                              uint64_t total =
                                  m_engine[0]->requests_total() + m_engine[1]->requests_total();
                              return double(m_engine[0]->stats().transactions.completed +
                                            m_engine[1]->stats().transactions.completed) /
                                     double(total);
                          },
                          [this] {
                              return m_engine[0]->stats().transactions.completed +
                                     m_engine[1]->stats().transactions.completed;
                          }};
    run_simulation(m_max_time, done, show_progress ? &progress : nullptr);
    if (!done())
        r.failure = sc_time_stamp() >= m_max_time
                        ? fmt::format("timeout: workload not done after sim.max_time_us = {}",
                                      m_max_time.to_seconds() * 1e6)
                        : fmt::format("deadlock: no event left at {} with transactions in flight",
                                      sc_time_stamp().to_string());

    uint64_t end_ps = 0;
    latency_record latency;
    for (int g = 0; g < 2; ++g) {
        traffic_engine* e = m_engine[g];
        if (!m_gpu[g]->done()) e->finish(); // a done GPU has finished its engine
        r.transactions += e->stats().transactions;
        r.bytes_completed += e->stats().bytes_completed;
        latency.merge(e->stats().latency);
        end_ps = std::max(end_ps, e->stats().last_completion_ps);
    }
    r.sim_time_ns = double(end_ps) / 1000.0;
    r.latency = latency.summary();
    r.links.push_back(summarize_link(m_link->a_to_b(), end_ps));
    r.links.push_back(summarize_link(m_link->b_to_a(), end_ps));
    for (const auto& l : r.links)
        if (l.rx_overflows) r.failure = "a receive buffer overflowed: " + l.name;
    const auto& link = m_link->params();
    for (const auto* ch : {&m_link->a_to_b(), &m_link->b_to_a()})
        if (!done() && !ch->up())
            r.failure = fmt::format("{} is down: fewer working lanes than link.min_lanes = {}",
                                    ch->name(), link.min_lanes);

    double capacity = link.payload_capacity_GBps();
    double per_gpu = r.throughput_GBps() / 2.0;
    r.workload = {{"kind", "pattern"},
                  {"op", m_engine[0]->params().op == traffic_op::READ    ? "read"
                         : m_engine[0]->params().op == traffic_op::WRITE ? "write"
                                                                         : "mixed"},
                  {"requests_per_gpu", m_engine[0]->requests_total()},
                  {"link_payload_capacity_GBps", capacity},
                  {"offered_load", m_engine[0]->params().offered_GBps / capacity},
                  {"accepted_load", per_gpu / capacity}};
}

platform_description p2p_description() {
    platform_description d;
    d.name = "p2p";
    d.summary = "LumenLink point-to-point: two GPUs joined by one full-duplex Micro LED link, "
                "reading and writing each other's memory.";
    d.declare = [](config_schema& s) {
        declare_link_keys(s);
        declare_memory_keys(s);
        declare_traffic_keys(s);
        declare_fault_keys(s);
        declare_sim_keys(s);
    };
    d.validate = check_link_and_traffic;
    d.run = [](const config& c, const run_options& o, run_results& r) {
        p2p_platform top("p2p", c, o.seed);
        if (o.trace) top.trace(*o.trace);
        top.simulate(r, o.progress);
    };
    return d;
}

} // namespace lumen
