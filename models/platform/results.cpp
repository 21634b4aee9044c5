// SPDX-License-Identifier: Apache-2.0
#include "models/platform/results.h"

#include "models/platform/chakra_workload.h"

#include "models/platform/summary_tables.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using nlohmann::json;

link_result summarize_link(const serdes::link_channel& channel, uint64_t sim_ps) {
    const auto& p = channel.params();
    const auto& s = channel.stats();
    link_result r;
    r.name = channel.name();
    r.lanes_active = channel.lanes_active();
    r.lane_rate_gbps = p.lane_rate_gbps;
    r.lane_baud_gbd = p.lane_rate_gbps / p.bits_per_symbol;
    r.encoding = p.code().name;
    r.payload_bytes = s.payload_bytes;
    r.wire_bits = s.wire_bits;
    r.utilization = sim_ps ? double(s.busy_ps) / double(sim_ps) : 0.0;
    r.crc_errors = s.crc_errors;
    r.retries = s.retries;
    r.rx_overflows = s.rx_overflows;
    r.retrains = s.retrains;
    r.rx_buffer_flits = p.rx_buffer_flits;
    r.replay_buffer_flits = p.replay_buffer_flits;
    r.round_trip_flits = p.round_trip_flits();
    r.credit_stalls = s.credit_stalls;
    r.credit_bound = s.credit_stalls > 0 &&
                     std::min(p.rx_buffer_flits, p.replay_buffer_flits) < r.round_trip_flits;
    for (const auto& [t, lanes] : s.lanes_timeline)
        r.lanes_timeline.emplace_back(t / 1000.0, lanes);
    // Dynamic energy per wire bit; idle lanes draw bias power (mW x ps = 1e-3 pJ),
    // each active lane for the time it was active and not sending.
    uint64_t lane_ps = 0;
    for (size_t i = 0; i < s.lanes_timeline.size(); ++i) {
        uint64_t from = std::min(s.lanes_timeline[i].first, sim_ps);
        uint64_t to = i + 1 < s.lanes_timeline.size()
                          ? std::min(s.lanes_timeline[i + 1].first, sim_ps)
                          : sim_ps;
        lane_ps += (to - from) * s.lanes_timeline[i].second;
    }
    uint64_t busy_lane_ps = s.busy_ps * channel.lanes_active();
    uint64_t idle_lane_ps = lane_ps > busy_lane_ps ? lane_ps - busy_lane_ps : 0;
    r.energy_pj = double(s.wire_bits) * (p.tx_pj_per_bit + p.rx_pj_per_bit) +
                  p.idle_mw_per_lane * double(idle_lane_ps) * 1e-3;
    return r;
}

double run_results::throughput_GBps() const {
    return sim_time_ns > 0 ? double(bytes_completed) / sim_time_ns : 0.0;
}

double run_results::total_energy_pj() const {
    double e = 0;
    for (const auto& l : links) e += l.energy_pj;
    return e;
}

bool run_results::passed() const {
    return failure.empty() && transactions.mismatches == 0 && transactions.lost == 0 &&
           transactions.issued == transactions.completed;
}

namespace {

// Bin i holds [edges_ns[i], edges_ns[i + 1]) ns.
json histogram_json(const latency_histogram& h) {
    json edges = json::array();
    for (size_t i = 0; i <= h.counts.size(); ++i)
        edges.push_back(latency_histogram::edge_ns(h.first_bin + int(i)));
    if (h.counts.empty()) edges = json::array();
    return {{"bins_per_decade", latency_histogram::bins_per_decade},
            {"edges_ns", edges},
            {"counts", h.counts}};
}

} // namespace

json run_results::to_json() const {
    json j;
    j["platform"] = platform;
    j["preset"] = preset;
    j["seed"] = seed;
    j["config"] = config;
    j["sim_time_ns"] = sim_time_ns;
    j["wall_time_s"] = wall_time_s;
    j["transactions"] = {{"issued", transactions.issued},
                         {"completed", transactions.completed},
                         {"checked", transactions.checked},
                         {"mismatches", transactions.mismatches},
                         {"lost", transactions.lost}};
    j["throughput_GBps"] = throughput_GBps();
    j["latency_ns"] = {{"mean", latency.mean_ns},
                       {"p50", latency.p50_ns},
                       {"p90", latency.p90_ns},
                       {"p99", latency.p99_ns},
                       {"p99_9", latency.p999_ns},
                       {"max", latency.max_ns},
                       {"histogram", histogram_json(latency.histogram)}};
    // Only where the record had to round its samples (see latency_record).
    if (latency.resolution > 0) j["latency_ns"]["resolution"] = latency.resolution;
    j["links"] = json::array();
    uint64_t payload_bits = 0;
    for (const auto& l : links) {
        j["links"].push_back({{"name", l.name},
                              {"tier", l.tier},
                              {"lanes_active", l.lanes_active},
                              {"lane_rate_gbps", l.lane_rate_gbps},
                              {"lane_baud_gbd", l.lane_baud_gbd},
                              {"encoding", l.encoding},
                              {"payload_bytes", l.payload_bytes},
                              {"wire_bits", l.wire_bits},
                              {"utilization", l.utilization},
                              {"crc_errors", l.crc_errors},
                              {"retries", l.retries},
                              {"rx_overflows", l.rx_overflows},
                              {"retrains", l.retrains},
                              {"rx_buffer_flits", l.rx_buffer_flits},
                              {"replay_buffer_flits", l.replay_buffer_flits},
                              {"round_trip_flits", l.round_trip_flits},
                              {"credit_stalls", l.credit_stalls},
                              {"credit_bound", l.credit_bound},
                              {"lanes_timeline", l.lanes_timeline},
                              {"energy_pj", l.energy_pj}});
        payload_bits += l.payload_bytes * 8;
    }
    j["switches"] = json::array();
    for (const auto& s : switches) {
        json ports = json::array();
        for (const auto& p : s.port_stats)
            ports.push_back({{"packets", p.packets},
                             {"bytes", p.bytes},
                             {"queue_depth_max", p.queue_depth_max},
                             {"queue_depth_mean", p.queue_depth_mean},
                             // The switch model's names (input_blocked_ps,
                             // output_stalled_ps) in ns; the short old names
                             // stay for one release (CHANGELOG).
                             {"input_blocked_ns", p.blocked_ns},
                             {"output_stalled_ns", p.stalled_ns},
                             {"blocked_ns", p.blocked_ns},
                             {"stalled_ns", p.stalled_ns},
                             {"arbitration_conflicts", p.arbitration_conflicts}});
        j["switches"].push_back({{"name", s.name},
                                 {"level", s.level},
                                 {"level_name", s.level_name},
                                 {"ports", s.ports},
                                 {"forwarded", s.forwarded},
                                 {"max_queue_depth", s.max_queue_depth},
                                 {"port_stats", ports}});
    }
    double total = total_energy_pj();
    j["energy"] = {{"total_pj", total},
                   {"pj_per_bit", payload_bits ? total / double(payload_bits) : 0.0},
                   {"link_power_w", sim_time_ns > 0 ? total * 1e-12 / (sim_time_ns * 1e-9) : 0.0}};
    j["workload"] = workload;
    if (!fabric.is_null()) j["fabric"] = fabric;
    if (!tco.is_null()) j["tco"] = tco;
    if (!recovery.is_null()) j["recovery"] = recovery;
    j["passed"] = passed();
    if (!failure.empty()) j["failure"] = failure;
    return j;
}

void run_results::print_summary(std::FILE* out) const {
    json j = to_json();
    fmt::print(out, "LumenLink {} | preset {} | seed {}\n", platform, preset, seed);
    fmt::print(out, "  simulated {:.3f} us in {:.2f} s wall\n", sim_time_ns / 1000.0, wall_time_s);
    fmt::print(out, "  transactions  issued {}  completed {}  checked {}  mismatches {}  lost {}\n",
               transactions.issued, transactions.completed, transactions.checked,
               transactions.mismatches, transactions.lost);
    fmt::print(out, "  throughput    {:.2f} GB/s\n", throughput_GBps());
    fmt::print(out,
               "  latency       mean {:.1f} ns  p50 {:.1f} ns  p90 {:.1f} ns  p99 {:.1f} ns  "
               "p99.9 {:.1f} ns  max {:.1f} ns\n",
               latency.mean_ns, latency.p50_ns, latency.p90_ns, latency.p99_ns, latency.p999_ns,
               latency.max_ns);
    // Up to a dozen link directions get a row each; a pod's many links get
    // one line of totals and spreads (every link is in --json).
    if (!links.empty() && links.size() <= 12) {
        size_t width = 4;
        for (const auto& l : links) width = std::max(width, l.name.size());
        fmt::print(out, "\n  {:<{}} {:>6} {:>7} {:>7} {:>12} {:>6} {:>6} {:>7} {:>7} {:>12}\n",
                   "link", width, "lanes", "Gb/s", "code", "payload MB", "util", "CRC", "retry",
                   "retrain", "energy uJ");
        for (const auto& l : links)
            fmt::print(out,
                       "  {:<{}} {:>6} {:>7.2f} {:>7} {:>12.3f} {:>5.1f}% {:>6} {:>7} {:>7} "
                       "{:>12.3f}\n",
                       l.name, width, l.lanes_active, l.lane_rate_gbps, l.encoding,
                       double(l.payload_bytes) / 1e6, 100.0 * l.utilization, l.crc_errors,
                       l.retries, l.retrains, l.energy_pj / 1e6);
    } else if (!links.empty()) {
        print_link_totals(out, links);
    }
    if (switches.size() <= 12)
        for (const auto& s : switches)
            fmt::print(out, "  switch {:<20} ports {:>4}  forwarded {:>10}  max queue {:>5}\n",
                       s.name, s.ports, s.forwarded, s.max_queue_depth);
    else
        print_switch_totals(out, switches);
    if (!fabric.is_null()) print_fabric(out, fabric);
    if (!tco.is_null()) print_tco(out, tco);
    // Scalar workload figures (collective time, algbw, busbw, step time...).
    std::string figures;
    for (const auto& [key, value] : workload.items()) {
        if (value.is_number_float())
            figures += fmt::format("  {} {:.4g}", key, value.get<double>());
        else if (value.is_number())
            figures += fmt::format("  {} {}", key, value.dump());
        else if (value.is_string())
            figures += fmt::format("  {} {}", key, value.get<std::string>());
    }
    if (!figures.empty()) fmt::print(out, "  workload     {}\n", figures);
    if (workload.value("kind", "") == "chakra") print_chakra_tables(out, workload);
    if (workload.value("kind", "") == "llm_step" && workload.contains("bubble_us"))
        print_llm_step(out, workload);
    if (workload.contains("sizes")) print_size_table(out, workload);
    if (!recovery.is_null()) {
        std::string failed;
        for (const auto& l : recovery["links_failed"])
            failed += fmt::format("  {} at {:g} us", l["name"].get<std::string>(),
                                  l["down_at_us"].get<double>());
        fmt::print(out, "  recovery      reissued {}  late {}  duplicate writes {}  lost {}{}{}\n",
                   recovery["reissued"].get<uint64_t>(), recovery["late_responses"].get<uint64_t>(),
                   recovery["duplicate_writes"].get<uint64_t>(),
                   recovery["given_up"].get<uint64_t>(),
                   failed.empty() ? "" : "  links down:", failed);
    }
    fmt::print(out, "\n  energy        {:.3f} uJ  {:.3f} pJ/bit  {:.3f} W on the links\n",
               j["energy"]["total_pj"].get<double>() / 1e6, j["energy"]["pj_per_bit"].get<double>(),
               j["energy"]["link_power_w"].get<double>());
    fmt::print(out, "  verdict       {}\n",
               passed() ? "PASS: every transaction completed and checked"
                        : "FAIL: " +
                              (failure.empty() ? std::string("data lost or corrupted") : failure));
}

} // namespace lumen
