// SPDX-License-Identifier: Apache-2.0
// The cost of ownership and reliability of one compared run, from models/tco:
// the run's links grouped by tier (count and mean utilization), each tier's
// technology, and the tco.* parameters the run resolved; optionally scaled to
// a cluster of another size.
#pragma once

#include "models/tco/tco.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace lumen::tools {

struct row_cost {
    tco::cluster_counts counts;
    tco::tco_params params;
    tco::tco_result result;
    // Capital spread over tco.years, and the yearly total with the energy.
    double capex_usd_per_year() const;
    double usd_per_year() const;
};

// `results` is a platform's results JSON; `preset` the technology of every
// tier the run's tco section does not name. With `gpus`, every tier's link
// count is scaled by gpus / the run's GPUs (rounded up): a larger cluster of
// the same layout (same links per GPU per tier).
row_cost cost_of(const nlohmann::json& results, const std::string& preset,
                 std::optional<unsigned> gpus);

// The figures a comparison shows, with the per-tier counts.
nlohmann::json cost_json(const row_cost& c);

} // namespace lumen::tools
