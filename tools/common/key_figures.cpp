// SPDX-License-Identifier: Apache-2.0
#include "tools/common/key_figures.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace lumen::tools {

using nlohmann::json;

double key_figures::watts_per_tbps() const {
    return capacity_tbps > 0 ? link_power_w / capacity_tbps
                             : std::numeric_limits<double>::quiet_NaN();
}

key_figures read_key_figures(const json& r) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    key_figures f;
    f.passed = r.at("passed").get<bool>();
    f.failure = r.value("failure", "");
    f.sim_time_ns = r.at("sim_time_ns").get<double>();
    f.wall_time_s = r.at("wall_time_s").get<double>();
    const auto& t = r.at("transactions");
    f.issued = t.at("issued").get<uint64_t>();
    f.completed = t.at("completed").get<uint64_t>();
    f.mismatches = t.at("mismatches").get<uint64_t>();
    f.lost = t.at("lost").get<uint64_t>();
    f.throughput_GBps = r.at("throughput_GBps").get<double>();
    const auto& l = r.at("latency_ns");
    f.latency_mean_ns = l.at("mean").get<double>();
    f.latency_p50_ns = l.at("p50").get<double>();
    f.latency_p99_ns = l.at("p99").get<double>();
    f.latency_max_ns = l.at("max").get<double>();
    const auto& e = r.at("energy");
    f.pj_per_bit = e.at("pj_per_bit").get<double>();
    f.link_power_w = e.at("link_power_w").get<double>();
    f.energy_total_pj = e.at("total_pj").get<double>();
    for (const auto& link : r.at("links")) {
        f.crc_errors += link.at("crc_errors").get<uint64_t>();
        f.retries += link.at("retries").get<uint64_t>();
        f.capacity_tbps += link.at("lanes_active").get<double>() *
                           link.at("lane_rate_gbps").get<double>() / 1000.0;
    }
    const json w = r.value("workload", json::object());
    f.offered_load = w.value("offered_load", nan);
    f.accepted_load = w.value("accepted_load", nan);
    const json link_config = r.value("config", json::object()).value("link", json::object());
    f.reach_m = link_config.value("reach_m", nan);
    f.length_m = link_config.value("length_m", nan);
    return f;
}

std::vector<std::string> key_figure_columns() {
    return {"passed",         "sim_time_ns",     "throughput_GBps",
            "offered_load",   "accepted_load",   "latency_mean_ns",
            "latency_p50_ns", "latency_p99_ns",  "latency_max_ns",
            "pj_per_bit",     "link_power_w",    "capacity_tbps",
            "w_per_tbps",     "energy_total_pj", "issued",
            "completed",      "mismatches",      "lost",
            "crc_errors",     "retries",         "wall_time_s"};
}

std::vector<std::string> key_figure_cells(const key_figures& f) {
    return {f.passed ? "true" : "false",     number_text(f.sim_time_ns),
            number_text(f.throughput_GBps),  number_text(f.offered_load),
            number_text(f.accepted_load),    number_text(f.latency_mean_ns),
            number_text(f.latency_p50_ns),   number_text(f.latency_p99_ns),
            number_text(f.latency_max_ns),   number_text(f.pj_per_bit),
            number_text(f.link_power_w),     number_text(f.capacity_tbps),
            number_text(f.watts_per_tbps()), number_text(f.energy_total_pj),
            std::to_string(f.issued),        std::to_string(f.completed),
            std::to_string(f.mismatches),    std::to_string(f.lost),
            std::to_string(f.crc_errors),    std::to_string(f.retries),
            number_text(f.wall_time_s)};
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string row;
    for (std::size_t i = 0; i < fields.size(); ++i) row += (i ? "," : "") + csv_field(fields[i]);
    return row + "\n";
}

std::string number_text(double v) {
    if (std::isnan(v)) return "";
    return fmt::format("{:.10g}", v);
}

} // namespace lumen::tools
