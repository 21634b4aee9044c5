// SPDX-License-Identifier: Apache-2.0
// fabric.topology = edges: any topology the generators do not make
// (dragonfly, rail-optimized, an NVL72-style domain), read from a JSON file
// (comments allowed):
//
//   { "gpus": 4,                                  // GPU nodes gpu0 .. gpu3
//     "tiers":  ["gpu_leaf", "leaf_spine"],       // optional: else from links
//     "levels": ["leaf", "spine"],                // switch level names, 1 ..
//     "switches": [{"name": "leaf0", "level": 1, "radix": 8}, ...],
//     "links": [{"a": "gpu0", "b": "leaf0", "tier": "gpu_leaf"}, ...] }
//
// Ports are numbered in the order the links name a node. Errors throw
// config_error naming the file, the entry ("links[3].b") and what is allowed.
#pragma once

#include "models/fabric/topology.h"

#include <string>

namespace lumen::fabric {

topology read_topology_file(const std::string& path, unsigned planes);
// The same from text already in memory (`source` names it in errors).
topology parse_topology(const std::string& text, const std::string& source, unsigned planes);

} // namespace lumen::fabric
