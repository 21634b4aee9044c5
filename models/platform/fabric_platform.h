// SPDX-License-Identifier: Apache-2.0
// The fabric platform (lumen-fabric): GPU clusters of many switches, a
// leaf-spine Clos, a k-ary fat tree or any topology from a file, each tier
// of links its own technology and each level of switches its own switch,
// running every pattern and collective of lumen-pod on real buffers.
#pragma once

#include "models/platform/platform_main.h"

namespace lumen {

struct fabric_spec;

platform_description fabric_description();

// The fabric a validated config describes, as lumen-fabric builds it: its
// topology, the tiers' links, the levels' switches, the links down from the
// start (a link_down fault at time zero), host and recovery.
fabric_spec fabric_spec_from(const config& c, uint64_t seed);

// One GPU's payload capacity into the fabric: its links, one per plane.
double gpu_capacity_GBps(const fabric_spec& spec);

} // namespace lumen
