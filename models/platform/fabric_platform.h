// SPDX-License-Identifier: Apache-2.0
// The fabric platform (lumen-fabric): GPU clusters of many switches, a
// leaf-spine Clos, a k-ary fat tree or any topology from a file, each tier
// of links its own technology and each level of switches its own switch,
// running every pattern and collective of lumen-pod on real buffers.
#pragma once

#include "models/platform/platform_main.h"

namespace lumen {

platform_description fabric_description();

} // namespace lumen
