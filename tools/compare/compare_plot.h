// SPDX-License-Identifier: Apache-2.0
// The gnuplot script of a comparison: per technology, the completion (or
// step) time of the same work, and the cost per year split into energy and
// amortized capital; bars, as SVG and PNG next to compare.csv.
#pragma once

#include "tools/compare/compare_rows.h"

#include <string>
#include <vector>

namespace lumen::tools {

struct compare_plot {
    std::string text; // "" when there is nothing to plot, see why
    std::string why;
    std::vector<std::string> files; // the images it draws, relative to the plot directory
};

// Only rows that passed are drawn; the others are named in a note on the plot.
compare_plot make_compare_plot(const std::vector<compare_row>& rows, const std::string& title);

} // namespace lumen::tools
