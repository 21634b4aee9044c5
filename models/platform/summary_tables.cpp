// SPDX-License-Identifier: Apache-2.0
#include "models/platform/summary_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace lumen {

void print_link_totals(std::FILE* out, const std::vector<link_result>& links) {
    // Tiers in the order their first link comes, as the topology lists them.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const link_result*>> by_tier;
    for (const auto& l : links) {
        if (!by_tier.count(l.tier)) order.push_back(l.tier);
        by_tier[l.tier].push_back(&l);
    }
    for (const auto& tier : order) {
        const auto& group = by_tier[tier];
        double util_min = 1, util_max = 0, util_sum = 0, payload = 0;
        uint64_t crc = 0, retries = 0, retrains = 0;
        unsigned lanes_min = group.front()->lanes_active, lanes_max = 0;
        for (const auto* l : group) {
            util_min = std::min(util_min, l->utilization);
            util_max = std::max(util_max, l->utilization);
            util_sum += l->utilization;
            payload += double(l->payload_bytes);
            crc += l->crc_errors;
            retries += l->retries;
            retrains += l->retrains;
            lanes_min = std::min(lanes_min, l->lanes_active);
            lanes_max = std::max(lanes_max, l->lanes_active);
        }
        fmt::print(out,
                   "\n  links {:<8}{} directions at {:.2f} Gb/s per lane, {}, lanes active {} .. "
                   "{}\n                utilization mean {:.1f} % (min {:.1f}, max {:.1f}), "
                   "payload {:.3f} MB\n                CRC errors {}, retries {}, retrains {}\n",
                   tier.empty() ? "" : tier + " ", group.size(), group.front()->lane_rate_gbps,
                   group.front()->encoding, lanes_min, lanes_max,
                   100.0 * util_sum / double(group.size()), 100.0 * util_min, 100.0 * util_max,
                   payload / 1e6, crc, retries, retrains);
    }
}

void print_switch_totals(std::FILE* out, const std::vector<switch_result>& switches) {
    std::map<unsigned, std::vector<const switch_result*>> by_level;
    for (const auto& s : switches) by_level[s.level].push_back(&s);
    for (const auto& [level, group] : by_level) {
        uint64_t forwarded = 0, queue = 0;
        for (const auto* s : group) {
            forwarded += s->forwarded;
            queue = std::max<uint64_t>(queue, s->max_queue_depth);
        }
        fmt::print(out,
                   "  switches {:<12} {:>5} of {:>4} ports  forwarded {:>12}  max queue {:>5}\n",
                   group.front()->level_name, group.size(), group.front()->ports, forwarded, queue);
    }
}

void print_fabric(std::FILE* out, const nlohmann::json& f) {
    fmt::print(out,
               "\n  fabric        {} | {} GPUs, {} switches, diameter {} switches, "
               "bisection {:.1f} GB/s\n",
               f.value("topology", ""), f.value("gpus", 0u), f.value("switch_count", 0u),
               f.value("diameter_hops", 0u), f.value("bisection_GBps", 0.0));
    for (const auto& t : f.at("tiers"))
        fmt::print(out,
                   "  tier {:<12} {:>5} links  {:>6.1f} m  {:>8.2f} GB/s each  utilization "
                   "{:.1f} %\n",
                   t.value("name", ""), t.value("links", 0u), t.value("length_m", 0.0),
                   t.value("link_GBps", 0.0), 100.0 * t.value("utilization", 0.0));
    for (const auto& h : f.at("latency_by_hops"))
        fmt::print(out, "  {} switch{} {:>10} requests  p50 {:.1f} ns  p99 {:.1f} ns\n",
                   h.value("switches", 0u), h.value("switches", 0u) == 1 ? " " : "es",
                   h.value("requests", uint64_t(0)), h.value("p50_ns", 0.0),
                   h.value("p99_ns", 0.0));
}

void print_tco(std::FILE* out, const nlohmann::json& t) {
    fmt::print(out,
               "  cost          {:.1f} W ({:.2f} W per GPU), capital ${:.0f}, energy ${:.0f} a "
               "year\n  failures      {:.3g} link ends a day, {:.3g} training interruptions a "
               "day, {:.3g} GPU-hours lost a day\n",
               t.at("power_w").get<double>(), t.at("power_w_per_gpu").get<double>(),
               t.at("capex_usd").get<double>(), t.at("energy_usd_per_year").get<double>(),
               t.at("link_failures_per_day").get<double>(),
               t.at("interruptions_per_day").get<double>(),
               t.at("gpu_hours_lost_per_day").get<double>());
}

void print_llm_step(std::FILE* out, const nlohmann::json& w) {
    fmt::print(out,
               "  step          {:.1f} us: compute {:.1f}, TP {:.1f}, PP {:.1f}, DP {:.1f}, "
               "bubble {:.1f} us ({:.1f} %; {:.1f} % with communication free)\n"
               "                exposed communication {:.1f} us, {:.4g} tokens/s, {} "
               "micro-batches in flight at most\n",
               w.at("step_time_us").get<double>(), w.at("compute_us").get<double>(),
               w.at("tp_comm_us").get<double>(), w.at("pp_comm_us").get<double>(),
               w.at("dp_comm_us").get<double>(), w.at("bubble_us").get<double>(),
               100.0 * w.at("bubble_fraction").get<double>(),
               100.0 * w.at("free_comm_bubble_fraction").get<double>(),
               w.at("exposed_comm_us").get<double>(), w.at("tokens_per_s").get<double>(),
               w.at("peak_inflight_micro_batches").get<unsigned>());
}

void print_size_table(std::FILE* out, const nlohmann::json& w) {
    // nccl-tests' columns and widths, its one set of them (the collectives
    // here work in place), and its precision of time by magnitude.
    fmt::print(out, "\n#  {}, {} GPUs\n", w.value("kind", ""), w.value("gpus", 0u));
    fmt::print(out, "# {:>10}  {:>12}  {:>8}  {:>6}  {:>6}  {:>7}  {:>6}  {:>6}  {:>6}\n", "size",
               "count", "type", "redop", "root", "time", "algbw", "busbw", "#wrong");
    fmt::print(out, "# {:>10}  {:>12}  {:>8}  {:>6}  {:>6}  {:>7}  {:>6}  {:>6}  {:>6}\n", "(B)",
               "(elements)", "", "", "", "(us)", "(GB/s)", "(GB/s)", "");
    for (const auto& r : w.at("sizes")) {
        const double us = r.at("time_us").get<double>();
        const std::string time = us >= 10000 ? fmt::format("{:7.0f}", us)
                                 : us >= 100 ? fmt::format("{:7.1f}", us)
                                             : fmt::format("{:7.2f}", us);
        fmt::print(out, "  {:>10}  {:>12}  {:>8}  {:>6}  {:>6}  {}  {:>6.2f}  {:>6.2f}  {:>6}\n",
                   r.at("size_bytes").get<uint64_t>(), r.at("count").get<uint64_t>(),
                   r.at("type").get<std::string>(), r.at("redop").get<std::string>(),
                   r.at("root").get<int>(), time, r.at("algbw_GBps").get<double>(),
                   r.at("busbw_GBps").get<double>(), r.at("wrong").get<uint64_t>());
    }
    fmt::print(out, "# Avg bus bandwidth    : {:g}\n", w.value("avg_busbw_GBps", 0.0));
}

} // namespace lumen
