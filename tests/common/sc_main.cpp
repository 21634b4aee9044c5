// SPDX-License-Identifier: Apache-2.0
// Runs the Catch2 session inside sc_main: SystemC elaborates once per process,
// so catch_discover_tests runs every test case as its own ctest process.
#include "tests/common/catch_session.h"

#include <systemc>

int sc_main(int argc, char* argv[]) {
    // A SystemC warning in a test is a failure: it throws, and the throw
    // fails the test case that triggered it.
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING,
                                            sc_core::SC_DISPLAY | sc_core::SC_THROW);
    return lumen::test::run_catch_session(argc, argv);
}
