// SPDX-License-Identifier: Apache-2.0
// Builds a p2p platform from the embedded default plus overrides, as
// lumen-p2p would, for one test case (one elaboration per process).
#pragma once

#include "models/platform/p2p.h"
#include "models/platform/presets.h"

#include <string>
#include <vector>

namespace lumen::test {

// `preset`, if given, changes the defaults first, as --preset does.
inline config p2p_config(const std::vector<std::string>& sets, const std::string& preset = "") {
    config_schema schema;
    p2p_description().declare(schema);
    if (!preset.empty()) apply_link_preset(schema, preset);
    config c = config::load(schema, "", sets);
    p2p_description().validate(c);
    return c;
}

} // namespace lumen::test
