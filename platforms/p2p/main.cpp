// SPDX-License-Identifier: Apache-2.0
// lumen-p2p: two GPUs and one Micro LED link.
#include "models/platform/p2p.h"

#include <cstdlib> // setenv: the SystemC banner is not a result

int sc_main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return lumen::platform_main(argc, argv, lumen::p2p_description());
}
