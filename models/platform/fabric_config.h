// SPDX-License-Identifier: Apache-2.0
// The config of a multi-tier fabric (lumen-fabric): which topology
// (fabric.*), each tier's link technology (tiers.<tier>.preset, .length_m,
// .link.<key>, over the global link.* and --preset) and each switch level's
// switch (levels.<level>.switch.<key>, over the global switch.*). Every
// check runs before elaboration and names the key.
#pragma once

#include "models/core/config.h"
#include "models/fabric/topology.h"
#include "models/serdes/link_params.h"
#include "models/switch/packet_switch.h"

#include <vector>

namespace lumen {

void declare_fabric_keys(config_schema& schema);

// The topology fabric.topology names, generated or read from fabric.file.
fabric::topology topology_from(const config& c);

// Per tier of `t` (index as t.tiers): its link parameters. Throws
// config_error naming tiers.<tier>.<field> for an unknown tier or field, a
// bad value, or a length beyond the tier technology's reach.
std::vector<serdes::link_params> tier_link_params(const config& c, const fabric::topology& t);

// Per switch level of `t` (index level - 1): its switch parameters, the
// ports being each switch node's own radix.
std::vector<switch_params> level_switch_params(const config& c, const fabric::topology& t);

} // namespace lumen
