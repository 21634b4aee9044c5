// SPDX-License-Identifier: Apache-2.0
#include "models/platform/pod_config.h"

#include "models/fabric/topology_generators.h"
#include "models/platform/data_config.h"
#include "models/platform/llm_config.h"
#include "models/platform/model_config.h"
#include "models/platform/workload_config.h"

namespace lumen {

void declare_pod_keys(config_schema& s) {
    s.add_integer("pod.gpus", 8, 2, 1024, "GPUs",
                  "GPUs in the pod, one switch port each per plane");
    s.add_integer("pod.planes", 4, 1, 64, "planes",
                  "switch planes; every GPU has one link to each (NVLink-style fan-out)");
    s.add_integer("pod.interleave_bytes", 4096, 64, 1LL << 30, "B",
                  "addresses are dealt to the planes round robin in blocks of this size");
}

fabric::topology pod_topology(const config& c) {
    return fabric::make_pod(unsigned(c.integer("pod.gpus")), unsigned(c.integer("pod.planes")),
                            unsigned(c.integer("switch.ports")));
}

void check_pod(const config& c) {
    check_link_and_traffic(c);
    pod_topology(c); // pod.gpus fits the switch's radix
    check_workload(c, unsigned(c.integer("pod.gpus")), workload_keys{});
    // One scale-up domain: a TP group fits anywhere, and there is no second level.
    check_llm_placement(collective_setup_from(c, unsigned(c.integer("pod.gpus")), 1));
    data_mode_from(c, unsigned(c.integer("pod.gpus")), workload_keys{});
}

} // namespace lumen
