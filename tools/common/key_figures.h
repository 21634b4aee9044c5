// SPDX-License-Identifier: Apache-2.0
// The figures an architect compares, read from a platform's results JSON
// (DESIGN.md, "Results JSON"), and the CSV quoting both tools share.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lumen::tools {

struct key_figures {
    bool passed = false;
    std::string failure;
    double sim_time_ns = 0;
    double wall_time_s = 0;
    uint64_t issued = 0, completed = 0, mismatches = 0, lost = 0;
    double throughput_GBps = 0;
    double latency_mean_ns = 0, latency_p50_ns = 0, latency_p99_ns = 0, latency_max_ns = 0;
    double pj_per_bit = 0;
    double link_power_w = 0; // every link of the platform: the interconnect's power
    double energy_total_pj = 0;
    uint64_t crc_errors = 0, retries = 0;       // over every link
    double capacity_tbps = 0;                   // line rate of every link: active lanes x lane rate
    double offered_load = 0, accepted_load = 0; // NaN when the workload reports none
    double reach_m = 0, length_m = 0;           // from the resolved config

    // Interconnect watts per Tb/s of line capacity, the figure data sheets
    // quote (15 W for an 800G module); per delivered Tb/s it would only repeat pJ/bit.
    double watts_per_tbps() const;
};

// Throws nlohmann::json::exception if a stable field is missing.
key_figures read_key_figures(const nlohmann::json& results);

// Column names and values of the key figures, for the CSVs.
std::vector<std::string> key_figure_columns();
std::vector<std::string> key_figure_cells(const key_figures& f);

// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text);
std::string csv_row(const std::vector<std::string>& fields);

// A number as short as it can be written without losing what matters ("" for NaN).
std::string number_text(double v);

} // namespace lumen::tools
