// SPDX-License-Identifier: Apache-2.0
// Builds a p2p platform from the embedded default plus overrides, as
// lumen-p2p would, for one test case (one elaboration per process).
#pragma once

#include "models/platform/p2p.h"

#include <string>
#include <vector>

namespace lumen::test {

inline config p2p_config(const std::vector<std::string>& sets) {
    config_schema schema;
    p2p_description().declare(schema);
    config c = config::load(schema, "", sets);
    p2p_description().validate(c);
    return c;
}

} // namespace lumen::test
