// SPDX-License-Identifier: Apache-2.0
#include "models/platform/fabric_run.h"

#include "models/fabric/routing.h"
#include "models/platform/model_config.h"
#include "models/platform/recovery_report.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using namespace sc_core;

namespace {

bool workload_done(fabric_builder& f) {
    if (f.host()) return f.host()->finished();
    for (unsigned g = 0; g < f.gpus(); ++g)
        if (!f.gpu_at(g).done()) return false;
    return true;
}

void report_links(fabric_builder& f, uint64_t span_ps, bool finished, run_results& r) {
    const fabric::topology& t = f.spec().topology;
    for (size_t i = 0; i < f.link_count(); ++i) {
        serdes::microled_link& l = f.link_at(i);
        for (const auto* ch : {&l.a_to_b(), &l.b_to_a()}) {
            link_result lr = summarize_link(*ch, span_ps);
            lr.tier = t.tiers[t.links[i].tier];
            if (lr.rx_overflows) r.failure = "a receive buffer overflowed: " + lr.name;
            if (!finished && !ch->up())
                r.failure = fmt::format("{} is down: {}", ch->name(), down_cause(*ch));
            r.links.push_back(std::move(lr));
        }
    }
}

void report_switches(fabric_builder& f, bool finished, run_results& r) {
    const bool links_failed = any_link_failed(f);
    const fabric::topology& t = f.spec().topology;
    for (size_t s = 0; s < f.switch_count(); ++s) {
        const packet_switch& sw = f.switch_at(s);
        const fabric::node& node = t.nodes[f.switch_node(s)];
        const switch_stats st = sw.stats();
        switch_result sr;
        sr.name = sw.name();
        sr.ports = sw.params().ports;
        sr.forwarded = st.forwarded;
        sr.max_queue_depth = unsigned(st.max_queue_depth);
        sr.level = node.level;
        sr.level_name = t.levels[node.level - 1];
        for (const auto& p : st.ports)
            sr.port_stats.push_back({p.forwarded(), p.bytes_forwarded, p.queue_depth_max,
                                     p.queue_depth_mean, double(p.input_blocked_ps) / 1000.0,
                                     double(p.output_stalled_ps) / 1000.0,
                                     p.arbitration_conflicts});
        if (finished && f.host()) {
            const switch_readout& h = f.host()->switches()[s];
            sr.forwarded = h.forwarded;
            sr.max_queue_depth = unsigned(h.max_queue);
            // A link that died dropped requests and responses: their
            // sources counted them (reissued or lost), not the switches.
            if (h.in_flight != 0 && r.failure.empty() && !links_failed)
                r.failure = fmt::format("{} still holds {} requests", sr.name, h.in_flight);
        }
        r.switches.push_back(std::move(sr));
    }
}

unsigned gpus_done(fabric_builder& f) {
    unsigned done = 0;
    for (unsigned g = 0; g < f.gpus(); ++g) done += f.gpu_at(g).done();
    return done;
}

} // namespace

uint64_t gpu_bytes(fabric_builder& f, unsigned g) {
    if (f.host() && f.host()->finished()) return f.host()->gpus()[g].bytes;
    return f.gpu_at(g).engine().bytes();
}

run_span simulate_fabric(fabric_builder& f, const sc_time& max_time, progress_style style,
                         run_results& r) {
    const unsigned gpus = f.gpus();
    for (unsigned g = 0; g < gpus; ++g) f.gpu_at(g).engine().preload();
    // The share of the workload done: the mean over the GPUs of their
    // engines' own share (requests completed, program steps past).
    sim_progress progress{[&f, gpus] {
                              double done = 0;
                              for (unsigned g = 0; g < gpus; ++g)
                                  done += f.gpu_at(g).engine().fraction_done();
                              return done / gpus;
                          },
                          [&f, gpus] {
                              uint64_t n = 0;
                              for (unsigned g = 0; g < gpus; ++g)
                                  n += f.gpu_at(g).engine().transactions().completed;
                              return n;
                          },
                          [&f, gpus] {
                              // Lost so far: what the GPUs' recovery gave up.
                              transaction_counts t;
                              for (unsigned g = 0; g < gpus; ++g) {
                                  t += f.gpu_at(g).engine().transactions();
                                  t.lost += f.gpu_at(g).recovery().given_up;
                              }
                              return t;
                          },
                          style};
    run_simulation(
        max_time, [&f] { return workload_done(f); }, &progress);
    const bool finished = workload_done(f);
    if (!finished)
        // The kernel stops at the last event before the limit, so events
        // still pending past it mean the limit, not a deadlock.
        r.failure = sc_time_stamp() >= max_time || sc_pending_activity()
                        ? fmt::format("timeout: workload not done after sim.max_time_us = {:g} "
                                      "({} of {} GPUs done); raise sim.max_time_us",
                                      max_time.to_seconds() * 1e6, gpus_done(f), gpus)
                        : fmt::format("deadlock: no event left at {} with the workload unfinished",
                                      sc_time_stamp().to_string());
    else if (f.host() && !f.host()->error().empty())
        r.failure = "host: " + f.host()->error();

    // The counters as the host read them over the control path (or, without
    // a host, as the GPUs hold them); a GPU not done counts what is still in
    // flight as lost.
    run_span span{~uint64_t(0), 0};
    latency_record latency;
    for (unsigned g = 0; g < gpus; ++g) {
        lumen::gpu& gpu = f.gpu_at(g);
        transaction_counts t;
        if (finished && f.host()) {
            const gpu_readout& h = f.host()->gpus()[g];
            t.issued = h.issued;
            t.completed = h.completed;
            t.checked = h.checked;
            t.mismatches = h.mismatches;
            t.lost = h.issued - h.completed;
            r.bytes_completed += h.bytes;
            span.start_ps = std::min(span.start_ps, h.start_ps);
            span.end_ps = std::max(span.end_ps, h.done_ps);
        } else {
            workload_engine& e = gpu.engine();
            if (!gpu.done()) e.finish(); // a done GPU has finished its engine
            t = e.transactions();
            if (gpu.done()) {
                t.checked = gpu.checked();
                t.mismatches = gpu.mismatches();
            }
            t.lost = t.issued - t.completed;
            r.bytes_completed += e.bytes();
            span.start_ps = std::min(span.start_ps, gpu.start_ps());
            span.end_ps =
                std::max<uint64_t>(span.end_ps, finished ? gpu.done_ps() : sc_time_stamp().value());
        }
        r.transactions += t;
        latency.merge(gpu.engine().latency());
    }
    if (span.start_ps > span.end_ps) span.start_ps = span.end_ps;
    r.sim_time_ns = span.ns();
    r.latency = latency.summary();
    report_links(f, span.end_ps - span.start_ps, finished, r);
    report_switches(f, finished, r);
    // Lost requests name the GPUs left without a path, ahead of what follows from it.
    r.recovery = recovery_section(f, r.failure);
    return span;
}

nlohmann::json fabric_section(fabric_builder& f, const run_results& r) {
    const fabric::topology& t = f.spec().topology;
    std::vector<double> tier_GBps;
    for (const auto& p : f.spec().tier_links) tier_GBps.push_back(p.payload_capacity_GBps());
    nlohmann::json tiers = nlohmann::json::array();
    for (size_t i = 0; i < t.tiers.size(); ++i) {
        unsigned links = 0;
        double utilization = 0;
        for (size_t l = 0; l < t.links.size(); ++l) {
            if (t.links[l].tier != i) continue;
            ++links;
            // r.links holds both directions of topology link l at 2l, 2l + 1.
            utilization += r.links[2 * l].utilization + r.links[2 * l + 1].utilization;
        }
        tiers.push_back({{"name", t.tiers[i]},
                         {"links", links},
                         {"length_m", f.spec().tier_links[i].length_m},
                         {"link_GBps", tier_GBps[i]},
                         {"utilization", links ? utilization / (2.0 * links) : 0.0}});
    }
    nlohmann::json levels = nlohmann::json::array();
    for (size_t lv = 0; lv < t.levels.size(); ++lv) {
        unsigned count = 0;
        for (const auto& n : t.nodes)
            count += n.kind == fabric::node_kind::SWITCH && n.level == lv + 1;
        levels.push_back({{"name", t.levels[lv]}, {"level", lv + 1}, {"switches", count}});
    }
    hop_latency by_hops;
    for (unsigned g = 0; g < f.gpus(); ++g) by_hops.merge(f.gpu_at(g).engine().latency_by_hops());
    nlohmann::json hops = nlohmann::json::array();
    for (size_t h = 0; h < by_hops.by_hops().size(); ++h) {
        const latency_record& rec = by_hops.by_hops()[h];
        if (rec.count() == 0) continue;
        const latency_summary sum = rec.summary();
        hops.push_back({{"switches", h},
                        {"requests", rec.count()},
                        {"mean_ns", sum.mean_ns},
                        {"p50_ns", sum.p50_ns},
                        {"p99_ns", sum.p99_ns}});
    }
    return {{"topology", t.kind},
            {"latency_by_hops", hops},
            {"gpus", t.gpus()},
            {"planes", t.planes},
            {"switch_count", f.switch_count()},
            {"link_count", t.links.size()},
            {"tiers", tiers},
            {"levels", levels},
            {"diameter_hops", f.routes().diameter()},
            {"bisection_GBps", fabric::bisection_GBps(t, tier_GBps) * t.planes}};
}

void schedule_faults(const config& c, fabric_builder& f) {
    // A fault names a link ("gpu3_plane1_link") or, unnamed, hits every link.
    // A name that matches no link would leave the run fault-free: refused.
    const auto faults = faults_from(c);
    for (size_t n = 0; n < faults.size(); ++n) {
        const auto& fault = faults[n];
        bool hit = false;
        for (size_t i = 0; i < f.link_count(); ++i) {
            serdes::microled_link& l = f.link_at(i);
            if (!fault.link.empty() && fault.link != l.basename()) continue;
            hit = true;
            if (fault.direction != "b_to_a") l.a_to_b().schedule_fault(fault.fault);
            if (fault.direction != "a_to_b") l.b_to_a().schedule_fault(fault.fault);
        }
        if (!hit && f.link_count() > 0)
            throw config_error(fmt::format("faults[{}].link = \"{}\" names no link of the "
                                           "platform; allowed: a link name such as \"{}\"",
                                           n, fault.link, f.link_at(0).basename()));
    }
}

} // namespace lumen
