// SPDX-License-Identifier: Apache-2.0
#include "tools/compare/compare_output.h"

#include <fmt/format.h>

#include <cmath>

namespace lumen::tools {

using nlohmann::json;

namespace {

bool has_figures(const compare_row& r) {
    return r.figures && r.status == row_status::PASSED;
}

std::string header_line(const compare_setup& s, const std::vector<compare_row>& rows) {
    // Without --seed every run takes the platform's default, which its results name.
    std::string seed = s.seed ? std::to_string(*s.seed) : "default";
    for (const auto& r : rows)
        if (!s.seed && r.results.contains("seed")) seed = r.results["seed"].dump();
    std::string line = fmt::format("LumenLink compare | lumen-{} | seed {} | {} presets",
                                   s.platform, seed, rows.size());
    if (!s.tier.empty()) line += fmt::format(" | tier {}", s.tier);
    line += fmt::format(" | offered {:g} GB/s per GPU", s.offered_GBps);
    if (s.gpus) line += fmt::format(" | costs for {} GPUs", *s.gpus);
    if (!s.config.empty()) line += fmt::format(" | --config {}", s.config);
    for (const auto& set : s.sets) line += fmt::format(" | --set {}", set);
    return line;
}

void print_performance(const compare_setup& s, const std::vector<compare_row>& rows) {
    const bool ratios = !s.baseline.empty();
    fmt::print("  {:<22} {:>10} {:>8} {:>9} {:>9} {:>9} {:>8} {:>9} {:>9} {:>6}", "preset",
               "time us", "GB/s", "cap GB/s", "p50 ns", "p99 ns", "pJ/bit", "power W", "W/(Tb/s)",
               "credit");
    if (ratios) fmt::print(" {:>7} {:>8}", "time x", "pJ/bit x");
    fmt::print("  reach\n");
    auto ratio = [](double v) {
        return std::isnan(v) ? std::string("-") : fmt::format("{:.3f}", v);
    };
    for (const auto& r : rows) {
        if (has_figures(r)) {
            const auto& f = *r.figures;
            fmt::print("  {:<22} {:>10.3f} {:>8.2f} {:>9.2f} {:>9.1f} {:>9.1f} {:>8.3f} {:>9.3f} "
                       "{:>9.3f} {:>6}",
                       r.preset, f.sim_time_ns / 1000.0, f.throughput_GBps, r.capacity_GBps_per_gpu,
                       f.latency_p50_ns, f.latency_p99_ns, f.pj_per_bit, f.link_power_w,
                       f.watts_per_tbps(), r.credit_bound ? "bound" : "-");
        } else {
            fmt::print("  {:<22} {:>10} {:>8} {:>9} {:>9} {:>9} {:>8} {:>9} {:>9} {:>6}", r.preset,
                       "-", "-", "-", "-", "-", "-", "-", "-", "-");
        }
        if (ratios) fmt::print(" {:>7} {:>8}", ratio(r.time_ratio), ratio(r.energy_ratio));
        fmt::print("  {}\n", reach_text(r));
    }
}

void print_costs(const std::vector<compare_row>& rows) {
    fmt::print("  {:<22} {:>6} {:>8} {:>11} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "preset",
               "GPUs", "W/GPU", "capital $", "energy", "capital", "total", "failures", "interrupts",
               "GPU-h lost");
    fmt::print("  {:<22} {:>6} {:>8} {:>11} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "", "",
               "", "", "$/year", "$/year", "$/year", "per day", "per day", "per day");
    for (const auto& r : rows) {
        if (!has_figures(r) || !r.cost) {
            fmt::print("  {:<22} {:>6} {:>8} {:>11} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n",
                       r.preset, "-", "-", "-", "-", "-", "-", "-", "-", "-");
            continue;
        }
        const auto& c = *r.cost;
        fmt::print("  {:<22} {:>6} {:>8.3f} {:>11.0f} {:>10.0f} {:>10.0f} {:>10.0f} {:>10.3g} "
                   "{:>10.3g} {:>10.3g}\n",
                   r.preset, c.counts.gpus, c.result.power_w_per_gpu, c.result.capex_usd,
                   c.result.energy_usd_per_year, c.capex_usd_per_year(), c.usd_per_year(),
                   c.result.link_failures_per_day, c.result.interruptions_per_day,
                   c.result.gpu_hours_lost_per_day);
    }
}

} // namespace

void print_table(const compare_setup& s, const std::vector<compare_row>& rows) {
    fmt::print("{}\n\n", header_line(s, rows));
    print_performance(s, rows);
    fmt::print("\n  time: simulated completion time of the same work; GB/s: delivered, every GPU "
               "together; cap GB/s: payload capacity per GPU;\n"
               "  pJ/bit: link energy per payload bit; power: mean power of every simulated "
               "link; W/(Tb/s): that power per Tb/s of line capacity;\n"
               "  credit: 'bound' when a link waited for credits its buffers could not cover "
               "(link.rtt_buffers = false).\n");
    if (!s.baseline.empty())
        fmt::print(
            "  time x, pJ/bit x: completion time and energy per bit as a multiple of {}'s.\n",
            s.baseline);
    fmt::print("\n");
    print_costs(rows);
    fmt::print("\n  Cost of ownership (models/tco, docs/tco.md) of the interconnect at each "
               "tier's simulated utilization: W/GPU from the wall, capital of\n"
               "  transceivers and cables, energy with tco.pue and tco.usd_per_kwh, capital "
               "spread over tco.years; failures of link ends and lanes,\n"
               "  interruptions when an end fails or runs out of spare lanes.\n"
               "  Constraints and trade-offs, not a verdict: read reach, time, power, cost and "
               "failures together.\n");
}

std::string csv_text(const std::vector<compare_row>& rows) {
    std::vector<std::string> header{"preset",      "status",   "exit_status", "error",
                                    "reach_where", "length_m", "reach_m"};
    for (const auto& c : key_figure_columns()) header.push_back(c);
    // completion_time_ns and interconnect_power_w are the names the JSON has;
    // sim_time_ns and link_power_w above stay one release as their aliases.
    const std::vector<std::string> added{"completion_time_ns",
                                         "interconnect_power_w",
                                         "capacity_GBps_per_gpu",
                                         "credit_bound",
                                         "gpus",
                                         "power_w_per_gpu",
                                         "capex_usd",
                                         "energy_kwh_per_year",
                                         "energy_usd_per_year",
                                         "capex_usd_per_year",
                                         "usd_per_year",
                                         "total_usd",
                                         "link_failures_per_day",
                                         "interruptions_per_day",
                                         "gpu_hours_lost_per_day",
                                         "time_vs_baseline",
                                         "energy_vs_baseline"};
    header.insert(header.end(), added.begin(), added.end());
    std::string csv = csv_row(header);
    for (const auto& r : rows) {
        std::vector<std::string> cells{
            r.preset,      status_name(r.status),   std::to_string(r.exit_status), r.error,
            r.reach_where, number_text(r.length_m), number_text(r.reach_m)};
        const bool figures = r.figures.has_value();
        if (figures) {
            auto f = key_figure_cells(*r.figures);
            cells.insert(cells.end(), f.begin(), f.end());
            cells.push_back(number_text(r.figures->sim_time_ns));
            cells.push_back(number_text(r.figures->link_power_w));
            cells.push_back(number_text(r.capacity_GBps_per_gpu));
            cells.push_back(r.credit_bound ? "true" : "false");
        } else {
            cells.resize(cells.size() + key_figure_columns().size() + 4);
        }
        if (figures && r.cost) {
            const auto& c = *r.cost;
            for (double v : {double(c.counts.gpus), c.result.power_w_per_gpu, c.result.capex_usd,
                             c.result.energy_kwh_per_year, c.result.energy_usd_per_year,
                             c.capex_usd_per_year(), c.usd_per_year(), c.result.total_usd,
                             c.result.link_failures_per_day, c.result.interruptions_per_day,
                             c.result.gpu_hours_lost_per_day})
                cells.push_back(number_text(v));
        } else {
            cells.resize(cells.size() + 11);
        }
        cells.push_back(number_text(r.time_ratio));
        cells.push_back(number_text(r.energy_ratio));
        csv += csv_row(cells);
    }
    return csv;
}

json json_document(const compare_setup& s, const std::vector<compare_row>& rows) {
    json doc = {{"tool", "lumen-compare"},
                {"platform", s.platform},
                {"sets", s.sets},
                {"offered_GBps_per_gpu", s.offered_GBps}};
    doc["seed"] = s.seed ? json(*s.seed) : json(nullptr);
    doc["config_file"] = s.config.empty() ? json(nullptr) : json(s.config);
    doc["baseline"] = s.baseline.empty() ? json(nullptr) : json(s.baseline);
    doc["tier"] = s.tier.empty() ? json(nullptr) : json(s.tier);
    doc["gpus"] = s.gpus ? json(*s.gpus) : json(nullptr);
    auto number = [](double v) { return std::isnan(v) ? json(nullptr) : json(v); };
    doc["rows"] = json::array();
    for (const auto& r : rows) {
        json j = {{"preset", r.preset},
                  {"status", status_name(r.status)},
                  {"exit_status", r.exit_status},
                  {"error", r.error},
                  {"reach", reach_text(r)},
                  {"reach_where", r.reach_where},
                  {"length_m", number(r.length_m)},
                  {"reach_m", number(r.reach_m)},
                  {"time_vs_baseline", number(r.time_ratio)},
                  {"energy_vs_baseline", number(r.energy_ratio)}};
        if (r.figures) {
            const auto& f = *r.figures;
            j["completion_time_ns"] = f.sim_time_ns;
            j["throughput_GBps"] = f.throughput_GBps;
            j["capacity_GBps_per_gpu"] = number(r.capacity_GBps_per_gpu);
            j["latency_p50_ns"] = f.latency_p50_ns;
            j["latency_p99_ns"] = f.latency_p99_ns;
            j["pj_per_bit"] = f.pj_per_bit;
            j["interconnect_power_w"] = f.link_power_w;
            j["capacity_tbps"] = f.capacity_tbps;
            j["w_per_tbps"] = number(f.watts_per_tbps());
            j["credit_bound"] = r.credit_bound;
            if (r.cost) j["cost"] = cost_json(*r.cost);
            j["results"] = r.results;
        }
        doc["rows"].push_back(std::move(j));
    }
    return doc;
}

} // namespace lumen::tools
