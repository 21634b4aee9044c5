// SPDX-License-Identifier: Apache-2.0
// lumen-p2p: two GPUs and one Micro LED link.
#include "models/platform/p2p.h"

int sc_main(int argc, char* argv[]) {
    return lumen::platform_main(argc, argv, lumen::p2p_description());
}
