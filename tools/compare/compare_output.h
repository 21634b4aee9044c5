// SPDX-License-Identifier: Apache-2.0
// What lumen-compare writes: the table on stdout, one CSV row and one JSON
// object per preset.
#pragma once

#include "tools/compare/compare_rows.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lumen::tools {

// The command a comparison ran, as its outputs state it.
struct compare_setup {
    std::string platform;
    std::vector<std::string> sets; // the user's --set values
    std::string config, baseline, tier;
    std::optional<unsigned> seed, gpus;
    double offered_GBps = 0; // per GPU, the same for every preset
};

void print_table(const compare_setup& s, const std::vector<compare_row>& rows);
std::string csv_text(const std::vector<compare_row>& rows);
nlohmann::json json_document(const compare_setup& s, const std::vector<compare_row>& rows);

} // namespace lumen::tools
