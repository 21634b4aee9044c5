// SPDX-License-Identifier: Apache-2.0
// The config keys of the shared models (link, memory port, traffic engine,
// simulation limits), their defaults, and their translation into each model's
// parameters. Every platform declares the keys of the models it builds, so
// --help and validation speak of exactly what a run reads.
#pragma once

#include "models/core/config.h"
#include "models/gpu/memory_port.h"
#include "models/gpu/traffic_engine.h"
#include "models/serdes/link_channel.h"
#include "models/serdes/link_params.h"

namespace lumen {

void declare_link_keys(config_schema& schema);
void declare_memory_keys(config_schema& schema);
void declare_traffic_keys(config_schema& schema);
void declare_sim_keys(config_schema& schema);
void declare_fault_keys(config_schema& schema);
// Every platform's: link, memory, traffic, faults, simulation limits.
void declare_common_keys(config_schema& schema);

// One entry of `faults`: which link (empty: all) and direction it hits.
struct link_fault_spec {
    std::string link;
    std::string direction; // a_to_b | b_to_a | both
    serdes::lane_fault fault;
};
// Parsed and checked: an error names faults[i].field and what is allowed.
std::vector<link_fault_spec> faults_from(const config& c);

serdes::link_params link_params_from(const config& c);
memory_port_params memory_params_from(const config& c);
// The traffic of one engine; `link_capacity_GBps` turns workload.injection_rate
// into an offered rate.
traffic_params traffic_params_from(const config& c, double link_capacity_GBps, uint64_t seed);

// Checks between keys that each were valid alone; throw config_error.
void check_link(const config& c); // the length fits the reach
void check_link_and_traffic(const config& c);

} // namespace lumen
