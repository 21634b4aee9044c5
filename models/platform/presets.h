// SPDX-License-Identifier: Apache-2.0
// Link technology presets (--preset NAME): Micro LED, copper and laser optics,
// from the published figures in shared/reference/link-technologies.md. Each
// value says where it comes from: published (with its source), derived
// (arithmetic on published numbers), or our assumption. A preset changes the
// defaults of link.* keys other than link.length_m; --config and --set still
// override it.
#pragma once

#include "models/core/config.h"

#include <string>
#include <vector>

namespace lumen {

struct preset_value {
    std::string key;
    nlohmann::json value;
    std::string source; // "published: ...", "derived: ...", "assumption: ..."
};

struct link_preset {
    std::string name;
    std::string summary;
    std::vector<preset_value> values;
    // Documentation only: the length a link of this kind typically has. The
    // geometry of a run is the platform's (link.length_m, a tier's length_m),
    // never the technology's, so that every preset is compared over the same
    // distance and one that does not reach says so.
    double typical_length_m = 0;
};

const std::vector<link_preset>& link_presets();
std::vector<std::string> link_preset_names();
// Throws config_error naming the preset if there is none of that name.
const link_preset& find_link_preset(const std::string& name);
void apply_link_preset(config_schema& schema, const std::string& name);
// Every preset with its values and their sources, for --help and the README.
std::string link_presets_help();

} // namespace lumen
