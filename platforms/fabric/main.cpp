// SPDX-License-Identifier: Apache-2.0
// lumen-fabric: GPU clusters of many switches (leaf-spine, fat tree, or any
// topology from a file), each tier its own link technology.
#include "models/platform/fabric_platform.h"

int sc_main(int argc, char* argv[]) {
    return lumen::platform_main(argc, argv, lumen::fabric_description());
}
