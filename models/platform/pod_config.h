// SPDX-License-Identifier: Apache-2.0
// The pod's own configuration keys (pod.*) and its checks across keys; the
// switch, workload and host keys are the shared ones (switch_config.h,
// workload_config.h).
#pragma once

#include "models/core/config.h"
#include "models/fabric/topology.h"

namespace lumen {

void declare_pod_keys(config_schema& schema);
void check_pod(const config& c);
// pod.gpus GPUs, each with a link to each of pod.planes switches.
fabric::topology pod_topology(const config& c);

} // namespace lumen
