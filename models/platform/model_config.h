// SPDX-License-Identifier: Apache-2.0
// The config keys of the shared models (memory port, traffic engine,
// simulation limits; the link's are in link_config.h), their defaults, and
// their translation into each model's parameters. Every platform declares
// the keys of the models it builds, so --help and validation speak of
// exactly what a run reads.
#pragma once

#include "models/core/config.h"
#include "models/gpu/memory_port.h"
#include "models/gpu/traffic_engine.h"
#include "models/platform/link_config.h"
#include "models/serdes/link_channel.h"

#include <functional>
#include <string>
#include <vector>

namespace lumen {

void declare_memory_keys(config_schema& schema);
void declare_traffic_keys(config_schema& schema);
void declare_sim_keys(config_schema& schema);
// Every platform's: link, memory, traffic, faults, simulation limits.
void declare_common_keys(config_schema& schema);

memory_port_params memory_params_from(const config& c);
// The traffic of one engine; `link_capacity_GBps` turns workload.injection_rate
// into an offered rate.
traffic_params traffic_params_from(const config& c, double link_capacity_GBps, uint64_t seed);

// check_link, then the link against the traffic and the memory: checks
// between keys that each were valid alone; throws config_error. With
// `one_tier`, every link has the link.* parameters (p2p, pod).
void check_link_and_traffic(const config& c, bool one_tier = true);

// With workload.op = write_posted, no link may go down: the lane_down faults
// must leave every link that trained up at least link.min_lanes lanes (a
// link down from the start drops nothing: routes avoid it). `tiers`: the
// link parameters of each tier; `tier_of(name)`: the tier of a named link.
void check_posted_lane_deaths(const config& c, const std::vector<serdes::link_params>& tiers,
                              const std::function<unsigned(const std::string&)>& tier_of);

} // namespace lumen
