// SPDX-License-Identifier: Apache-2.0
// The entry of the pure C++ tests (no SystemC kernel).
#include "tests/common/catch_session.h"

int main(int argc, char* argv[]) {
    return lumen::test::run_catch_session(argc, argv);
}
