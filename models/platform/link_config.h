// SPDX-License-Identifier: Apache-2.0
// The config keys of a Micro LED link and of its timed faults, their
// translation into link parameters, and the checks between them. Plain C++
// (no SystemC): the fuzz targets and the tools read them as the platforms do.
#pragma once

#include "models/core/config.h"
#include "models/serdes/link_params.h"

#include <string>
#include <vector>

namespace lumen {

// The longest time limit a run can be given; it bounds fault times too.
constexpr double max_sim_time_us = 1e9;

void declare_link_keys(config_schema& schema);
void declare_fault_keys(config_schema& schema);

// One entry of `faults`: which link (empty: all) and direction it hits.
struct link_fault_spec {
    std::string link;
    std::string direction; // a_to_b | b_to_a | both
    serdes::lane_fault fault;
};
// Parsed and checked: an error names faults[i].field and what is allowed.
// Without sim.max_time_us in the schema (a tier's part config), fault times
// are bounded by max_sim_time_us.
std::vector<link_fault_spec> faults_from(const config& c);

serdes::link_params link_params_from(const config& c);

// Checks between link keys that each were valid alone (dead lanes, spares,
// BER a flit survives, faults, reach); throws config_error.
void check_link(const config& c);

} // namespace lumen
