// SPDX-License-Identifier: Apache-2.0
#include "models/platform/pod.h"

#include "models/host/register_map.h"
#include "models/platform/model_config.h"
#include "models/platform/sim_runner.h"
#include "models/workload/collective_engine.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using namespace sc_core;

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

    m_flags = std::make_unique<flag_board>("flags");
    memory_port_params mem = memory_params_from(c);
    for (unsigned g = 0; g < m_gpus; ++g) {
        mem.base_address = uint64_t(g) * m_memory_bytes;
        m_gpu.push_back(
            std::make_unique<lumen::gpu>(fmt::format("gpu{}", g).c_str(), g, mem, m_map));
        lumen::gpu& dev = *m_gpu[g];
        dev.paths.bind(*this);
        m_flags->attach(dev);
        for (unsigned s = 0; s < P; ++s) {
            auto link = std::make_unique<serdes::microled_link>(
                fmt::format("gpu{}_plane{}_link", g, s).c_str(), m_link_params,
                seed + uint64_t(g) * P + s);
            dev.fabric_out(s).bind(link->a_in);
            link->a_out.bind(dev.fabric_in(s));
            link->b_out.bind(m_switch[s]->port_in[g]);
            m_switch[s]->port_out[g].bind(link->b_in);
            m_link.push_back(std::move(link));
        }
    }
    // A fault names a link ("gpu3_plane1_link") or, unnamed, hits every link.
    for (const auto& f : faults_from(c))
        for (auto& l : m_link) {
            if (!f.link.empty() && f.link != l->basename()) continue;
            if (f.direction != "b_to_a") l->a_to_b().schedule_fault(f.fault);
            if (f.direction != "a_to_b") l->b_to_a().schedule_fault(f.fault);
        }
    build_engines(c, seed);
    build_control(c);
}

bool pod_platform::can_carry(unsigned g, unsigned plane, unsigned destination) const {
    // Requests leave a plane whose links, at either end, are down.
    auto up = [this, plane](unsigned end) {
        const serdes::microled_link& l = *m_link[end * m_map.planes + plane];
        return l.a_to_b().up() && l.b_to_a().up();
    };
    return up(g) && up(destination);
}

void pod_platform::build_engines(const config& c, uint64_t seed) {
    if (m_kind == workload_kind::PATTERN) {
        m_pattern_kind = pattern_named(c.choice("workload.pattern"));
        m_traffic_pattern = std::make_unique<traffic_pattern>(
            m_pattern_kind, m_gpus, c.real("workload.hotspot_fraction"), seed);
        const uint64_t request = uint64_t(c.integer("workload.request_bytes"));
        m_traffic = traffic_params_from(c, gpu_capacity_GBps(), seed);
        // Each source writes its own slice of every destination's memory.
        m_traffic.region_bytes =
            uint64_t(c.integer("workload.region_bytes")) / m_gpus / request * request;
        m_traffic.target_stride = m_memory_bytes;
        m_traffic.targets = m_gpus;
        m_traffic.wait_for_start = true;
        for (unsigned g = 0; g < m_gpus; ++g) {
            traffic_params t = m_traffic;
            t.target_base = g * m_traffic.region_bytes;
            t.stream_name = fmt::format("gpu{}_engine", g);
            const traffic_pattern* pattern = m_traffic_pattern.get();
            t.pick_target = [pattern, g](random_stream& r) { return pattern->destination(g, r); };
            m_gpu[g]->make_engine<traffic_engine>(t);
        }
        return;
    }
    m_checker = std::make_unique<result_checker>(m_setup);
    std::vector<collective_program> programs = build_programs(m_setup);
    for (unsigned g = 0; g < m_gpus; ++g) {
        collective_engine_params p;
        p.gpu = g;
        p.request_bytes = unsigned(c.integer("workload.request_bytes"));
        p.max_outstanding = unsigned(c.integer("workload.max_outstanding"));
        p.boundary_bytes = m_map.interleave_bytes;
        p.memory_stride = m_memory_bytes;
        backing_store& memory = m_gpu[g]->memory().store();
        initialize(m_setup, g, memory);
        m_gpu[g]->make_engine<collective_engine>(p, std::move(programs[g]), memory);
        const result_checker* checker = m_checker.get();
        m_gpu[g]->set_result_check(
            [checker, g](const backing_store& m) { return checker->check(g, m); });
    }
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
    for (unsigned g = 0; g < m_gpus; ++g) {
        m_gpu[g]->irq.bind(*m_host);
        m_control->map(regs::gpu_base(g), regs::block, m_gpu[g]->registers());
    }
    for (unsigned s = 0; s < m_map.planes; ++s)
        m_control->map(regs::switch_base(s), regs::block, m_switch[s]->registers(s));
}

double pod_platform::gpu_capacity_GBps() const {
    return m_link_params.payload_capacity_GBps() * m_map.planes;
}

void pod_platform::trace(tracer& t) const {
    for (const auto& l : m_link) l->trace(t);
    for (const auto& s : m_switch) s->trace(t);
    for (const auto& g : m_gpu) g->trace(t);
}

void pod_platform::simulate(run_results& r, bool show_progress) {
    for (auto& g : m_gpu) g->engine().preload();
    auto completed = [this] {
        uint64_t n = 0;
        for (const auto& g : m_gpu) n += g->engine().transactions().completed;
        return n;
    };
    sim_progress progress{[this] {
                              size_t done = 0;
                              for (const auto& g : m_gpu) done += g->done();
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
            workload_engine& e = m_gpu[g]->engine();
            if (!m_gpu[g]->done()) e.finish(); // a done GPU has finished its engine
            t = e.transactions();
            t.lost = t.issued - t.completed;
            start_ps = std::min(start_ps, m_gpu[g]->start_ps());
            end_ps = std::max<uint64_t>(end_ps, sc_time_stamp().value());
        }
        r.transactions += t;
    }
    if (start_ps > end_ps) start_ps = end_ps;
    const uint64_t span_ps = end_ps - start_ps;
    latency_record latency;
    for (const auto& g : m_gpu) latency.merge(g->engine().latency());
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
    const traffic_params& t = m_traffic;
    const double span_ns = double(end_ps - start_ps) / 1000.0;
    const double capacity = gpu_capacity_GBps();
    // Accepted load per GPU port over the span of the run, averaged over ports.
    double accepted = 0;
    for (unsigned g = 0; g < m_gpus; ++g) {
        uint64_t bytes = m_host->finished() ? m_host->gpus()[g].bytes : m_gpu[g]->engine().bytes();
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
                  {"requests_per_gpu", t.total_bytes / t.request_bytes},
                  {"gpu_payload_capacity_GBps", capacity},
                  {"offered_load", t.offered_GBps / capacity},
                  {"accepted_load", accepted}};
}

void pod_platform::report_collective(run_results& r, uint64_t start_ps, uint64_t end_ps) {
    uint64_t words = 0, wrong = 0;
    for (const auto& g : m_gpu) {
        words += g->words_checked();
        wrong += g->words_wrong();
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
