// SPDX-License-Identifier: Apache-2.0
// A platform's config as its executable builds it, for the tests that
// elaborate one: the embedded default, then --preset, then --set, then the
// platform's own cross-key checks.
#pragma once

#include "models/platform/platform_main.h"
#include "models/platform/presets.h"

#include <string>
#include <vector>

namespace lumen::test {

// `preset`, if given, changes the defaults first, as --preset does.
inline config platform_config(const platform_description& platform,
                              const std::vector<std::string>& sets,
                              const std::string& preset = "") {
    config_schema schema;
    platform.declare(schema);
    if (!preset.empty()) apply_link_preset(schema, preset);
    config c = config::load(schema, "", sets);
    if (platform.validate) platform.validate(c);
    return c;
}

} // namespace lumen::test
