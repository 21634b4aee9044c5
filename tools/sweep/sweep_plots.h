// SPDX-License-Identifier: Apache-2.0
// The gnuplot script of a sweep: latency (mean and p99), accepted load,
// energy per bit and the workload's own figures (collective time, algbw and
// busbw, step time) against offered load or another varied key, one series per
// combination of the other varied keys, and the latency CDF of every point
// (from its results' latency histogram), drawn as SVG and PNG next to points.csv.
#pragma once

#include "tools/common/key_figures.h"
#include "tools/sweep/sweep_axes.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lumen::tools {

struct plotted_point {
    std::vector<std::string> values; // one per axis
    key_figures figures;
    nlohmann::json workload = nlohmann::json::object(); // the results' "workload" section
    // latency_ns.histogram: bins_per_decade, edges_ns, counts; null when absent.
    nlohmann::json latency_histogram = nullptr;
};

// A point's latency CDF from its histogram: (upper edge of bin i, share of
// samples in bins 0..i), starting at (first edge, 0); empty when the point
// has no histogram or no sample. Throws nlohmann::json::exception when the
// histogram is malformed (edges not one more than counts).
std::vector<std::pair<double, double>> latency_cdf(const nlohmann::json& histogram);

struct plot_script {
    std::string text; // "" when there is nothing to plot, see why
    std::string why;
    std::vector<std::string> files; // the images it draws, relative to the sweep directory
};

// The x axis is the offered load when workload.injection_rate is varied,
// otherwise the first varied key whose values are all numbers. Only passed
// points are drawn; a plot is drawn when some passed point reports its figure
// (accepted load for traffic patterns, collective time for collectives...).
// When nothing can be drawn, text is "" and why says which plots and why.
plot_script make_plot_script(const std::vector<sweep_axis>& axes,
                             const std::vector<plotted_point>& points, const std::string& title);

} // namespace lumen::tools
