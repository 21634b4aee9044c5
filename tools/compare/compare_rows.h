// SPDX-License-Identifier: Apache-2.0
// One row of a comparison: a technology preset's run, what it measured, and
// why it has no figures when it has none (its reach, or a failure).
#pragma once

#include "tools/common/key_figures.h"
#include "tools/common/point_runner.h"
#include "tools/compare/compare_costs.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace lumen::tools {

enum class row_status { PASSED, REACH_EXCEEDED, FAILED };
const char* status_name(row_status s);

struct compare_row {
    std::string preset;
    row_status status = row_status::FAILED;
    int exit_status = 0;
    std::string error;
    // The stretch the preset had to cover and its reach: "link" or
    // "tier leaf_spine", from the run's config or from its refusal.
    std::string reach_where;
    double length_m = std::nan("");
    double reach_m = std::nan("");
    std::optional<key_figures> figures;
    double capacity_GBps_per_gpu = std::nan(""); // payload capacity of one GPU's links
    bool credit_bound = false;                   // a link waited for credits its buffer lacked
    std::optional<row_cost> cost;
    nlohmann::json results;
    // Against --baseline: completion time and energy per bit, as ratios.
    double time_ratio = std::nan("");
    double energy_ratio = std::nan("");
};

// The row of one finished run; `results` is the path of its results JSON
// (absent when the run stopped before writing it); `tier` the fabric tier
// the preset was given (--tier), or "".
compare_row make_row(const std::string& preset, const point_outcome& outcome,
                     const std::string& results, const std::string& tier,
                     std::optional<unsigned> gpus);

// "fits link (10 m of 50 m)", "does not reach tier leaf_spine: 20 m > 2 m", "failed: ...".
std::string reach_text(const compare_row& r);

} // namespace lumen::tools
