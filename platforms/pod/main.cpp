// SPDX-License-Identifier: Apache-2.0
// lumen-pod: N GPUs, P switch planes, Micro LED links, LLM collective workloads.
#include "models/platform/pod.h"

int sc_main(int argc, char* argv[]) {
    return lumen::platform_main(argc, argv, lumen::pod_description());
}
