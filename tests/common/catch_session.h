// SPDX-License-Identifier: Apache-2.0
// The Catch2 session of every test executable, compiled once
// (catch_session.cpp): main.cpp and sc_main.cpp only call it.
#pragma once

namespace lumen::test {

// Runs the test cases the command line selects; the process's exit code.
int run_catch_session(int argc, char* argv[]);

} // namespace lumen::test
