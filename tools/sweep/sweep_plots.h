// SPDX-License-Identifier: Apache-2.0
// The gnuplot script of a sweep: latency (mean and p99), accepted load and
// energy per bit against offered load, one series per combination of the
// other varied keys, drawn as SVG and PNG next to points.csv.
#pragma once

#include "tools/common/key_figures.h"
#include "tools/sweep/sweep_axes.h"

#include <string>
#include <vector>

namespace lumen::tools {

struct plotted_point {
    std::vector<std::string> values; // one per axis
    key_figures figures;
};

struct plot_script {
    std::string text; // "" when there is nothing to plot, see why
    std::string why;
    std::vector<std::string> files; // the images it draws, relative to the sweep directory
};

// The x axis is the offered load when workload.injection_rate is varied,
// otherwise the first varied key (which must then be numeric). Only passed
// points are drawn.
plot_script make_plot_script(const std::vector<sweep_axis>& axes,
                             const std::vector<plotted_point>& points, const std::string& title);

} // namespace lumen::tools
