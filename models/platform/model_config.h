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
// between keys that each were valid alone; throws config_error.
void check_link_and_traffic(const config& c);

} // namespace lumen
