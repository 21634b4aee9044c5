// SPDX-License-Identifier: Apache-2.0
// Catch2 main for the pure C++ tests (no SystemC kernel).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
