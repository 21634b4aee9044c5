// SPDX-License-Identifier: Apache-2.0
// What a run reports of links that died and of the GPUs' end-to-end
// recovery: the `recovery` section of the results (docs/faults.md), and the
// failure when some GPUs could not reach others.
#pragma once

#include "models/fabric/fabric_builder.h"
#include "models/serdes/link_channel.h"

#include <nlohmann/json.hpp>

#include <string>

namespace lumen {

// Why a link direction is down: "link_down event at 400 us" or "fewer
// working lanes than link.min_lanes = 4 since 12.5 us".
std::string down_cause(const serdes::link_channel& channel);

// The recovery section; `failure` gets the GPU pairs left without a path
// when some requests were given up (unchanged otherwise).
nlohmann::json recovery_section(fabric_builder& f, std::string& failure);

// Links that dropped anything or are down now: requests they held count on
// their sources, not in the switches they passed.
bool any_link_failed(fabric_builder& f);

} // namespace lumen
