// SPDX-License-Identifier: Apache-2.0
// The generators of the standard topologies. Each checks its own parameters
// and throws config_error naming the key (fabric.*, pod.*, switch.ports) and
// what is allowed. A newcomer adds a topology by writing one more of these.
#pragma once

#include "models/fabric/topology.h"

namespace lumen::fabric {

// Two GPUs joined by one link (tier "link"): lumen-p2p.
topology make_p2p();

// One tier of switches: each of `planes` switches has a port per GPU, GPU g
// port s <-> switch s ("switch{s}") port g (tier "gpu_switch", level "switch"):
// lumen-pod.
topology make_pod(unsigned gpus, unsigned planes, unsigned switch_radix);

// A two-tier folded Clos per plane. Leaves hold gpus_per_leaf GPUs; each leaf
// has uplinks_per_spine links to each spine. Tiers gpu_leaf, leaf_spine;
// levels leaf, spine. Keys: fabric.gpus, fabric.gpus_per_leaf,
// fabric.spines, fabric.uplinks_per_spine, switch.ports.
struct leaf_spine_params {
    unsigned gpus = 32;
    unsigned gpus_per_leaf = 8;
    unsigned spines = 4;
    unsigned uplinks_per_spine = 2;
    unsigned planes = 1;
    unsigned switch_radix = 64;
};
topology make_leaf_spine(const leaf_spine_params& p);
// Downlinks over uplinks of a leaf: 1 is non-blocking.
double oversubscription(const leaf_spine_params& p);

// The three-tier k-ary fat tree of Al-Fares, Loukissas and Vahdat (SIGCOMM
// 2008): k pods of k/2 edge and k/2 aggregation switches, (k/2)^2 core
// switches, k^3/4 GPUs, every switch of radix k. Tiers edge (GPU-edge),
// aggregation (edge-aggregation), core (aggregation-core); levels edge,
// aggregation, core. Key: fabric.k (even, >= 2).
topology make_fat_tree(unsigned k, unsigned planes);

} // namespace lumen::fabric
