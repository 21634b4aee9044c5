// SPDX-License-Identifier: Apache-2.0
// Catch2's implementation (session, reporters, matchers), compiled once for
// every test executable. It is the largest single compile of a test build
// (87 CPU seconds in the Asan build type, docs/testing.md); Catch2's single
// header declares its Session only where it is implemented, hence the one
// function the two entries call.
#define CATCH_CONFIG_RUNNER
#include "tests/common/catch_session.h"

#include <catch2/catch.hpp>

int lumen::test::run_catch_session(int argc, char* argv[]) {
    return Catch::Session().run(argc, argv);
}
