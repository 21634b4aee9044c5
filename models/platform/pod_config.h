// SPDX-License-Identifier: Apache-2.0
// The pod's configuration keys (pod., switch., workload., host., llm.), their
// checks across keys, and the model parameters they make.
#pragma once

#include "models/core/config.h"
#include "models/switch/packet_switch.h"
#include "models/workload/collective_workload.h"

#include <cstdint>

namespace lumen {

void declare_pod_keys(config_schema& schema);
void check_pod(const config& c);
switch_params switch_params_from(const config& c);
collective_setup collective_setup_from(const config& c, uint64_t seed);

} // namespace lumen
