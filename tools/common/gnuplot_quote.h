// SPDX-License-Identifier: Apache-2.0
// Text inside the gnuplot scripts lumen-compare and lumen-sweep write
// (titles, labels, file names), which may hold any character.
#pragma once

#include <string>

namespace lumen::tools {

// A gnuplot single-quoted string: a quote is written twice.
inline std::string gnuplot_quote(const std::string& text) {
    std::string q = "'";
    for (char c : text) {
        if (c == '\'') q += '\'';
        q += c;
    }
    return q + "'";
}

} // namespace lumen::tools
