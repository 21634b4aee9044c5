// SPDX-License-Identifier: Apache-2.0
// Builds a p2p platform from the embedded default plus overrides, as
// lumen-p2p would, for one test case (one elaboration per process).
#pragma once

#include "models/platform/p2p.h"
#include "tests/common/platform_test_util.h"

#include <string>
#include <vector>

namespace lumen::test {

// `preset`, if given, changes the defaults first, as --preset does.
inline config p2p_config(const std::vector<std::string>& sets, const std::string& preset = "") {
    return platform_config(p2p_description(), sets, preset);
}

} // namespace lumen::test
