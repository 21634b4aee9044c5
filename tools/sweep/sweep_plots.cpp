// SPDX-License-Identifier: Apache-2.0
#include "tools/sweep/sweep_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

namespace lumen::tools {

namespace {

const char* const injection_key = "workload.injection_rate";
const char* const load_unit = "fraction of link payload capacity";

// A gnuplot single-quoted string: a quote is written twice.
std::string gnuplot_string(const std::string& text) {
    std::string q = "'";
    for (char c : text) {
        if (c == '\'') q += '\'';
        q += c;
    }
    return q + "'";
}

std::string data_value(double v) {
    return std::isnan(v) ? "NaN" : fmt::format("{:.10g}", v);
}

struct series {
    std::string title;
    std::vector<std::pair<double, key_figures>> rows;
};

struct plot_spec {
    std::string file;
    std::string title;
    std::string ylabel;
    std::vector<std::pair<int, std::string>> columns; // data column, suffix of the series title
    bool diagonal;                                    // accepted = offered reference line
};

} // namespace

plot_script make_plot_script(const std::vector<sweep_axis>& axes,
                             const std::vector<plotted_point>& points, const std::string& title) {
    plot_script out;
    std::size_t x_axis = 0;
    for (std::size_t i = 0; i < axes.size(); ++i)
        if (axes[i].key == injection_key) x_axis = i;
    const bool x_is_load = axes[x_axis].key == injection_key;

    std::vector<series> all;
    std::map<std::string, std::size_t> index;
    for (const auto& p : points) {
        if (!p.figures.passed) continue;
        char* end = nullptr;
        double x = std::strtod(p.values[x_axis].c_str(), &end);
        if (*end != '\0') {
            out.why = fmt::format("no plots: {} is not numeric", axes[x_axis].key);
            return out;
        }
        if (x_is_load && !std::isnan(p.figures.offered_load)) x = p.figures.offered_load;
        std::string name;
        for (std::size_t i = 0; i < axes.size(); ++i)
            if (i != x_axis) name += (name.empty() ? "" : ", ") + axes[i].key + "=" + p.values[i];
        if (name.empty()) name = title;
        auto [it, added] = index.emplace(name, all.size());
        if (added) all.push_back({name, {}});
        all[it->second].rows.emplace_back(x, p.figures);
    }
    if (all.empty()) {
        out.why = "no plots: no point passed";
        return out;
    }

    std::string& s = out.text;
    s += "# Drawn by lumen-sweep from points.csv; run it again in this directory: gnuplot "
         "plots.gp\n";
    for (std::size_t k = 0; k < all.size(); ++k) {
        auto& rows = all[k].rows;
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        s += fmt::format("# {}\n$s{} << EOD\n", all[k].title, k);
        s += "# x accepted_load latency_mean_ns latency_p99_ns pj_per_bit\n";
        for (const auto& [x, f] : rows)
            s += fmt::format("{} {} {} {} {}\n", data_value(x), data_value(f.accepted_load),
                             data_value(f.latency_mean_ns), data_value(f.latency_p99_ns),
                             data_value(f.pj_per_bit));
        s += "EOD\n";
    }

    const std::string x_name = x_is_load ? "offered load" : axes[x_axis].key;
    const std::string xlabel = x_is_load ? fmt::format("offered load ({})", load_unit) : x_name;
    const std::vector<plot_spec> plots = {
        {"latency", "latency against " + x_name, "latency (ns)", {{3, "mean"}, {4, "p99"}}, false},
        {"accepted_load",
         "accepted against " + x_name,
         fmt::format("accepted load ({})", load_unit),
         {{2, ""}},
         x_is_load},
        {"energy_per_bit",
         "energy per bit against " + x_name,
         "energy per payload bit (pJ/bit)",
         {{5, ""}},
         false},
    };
    s += "set grid\nset key outside right top box\nset yrange [0:*]\nset offsets graph 0.02, graph "
         "0.02, graph 0.05, 0\n";
    s += fmt::format("set xlabel {}\n", gnuplot_string(xlabel));
    const std::vector<std::pair<std::string, std::string>> terminals = {
        {"svg",
         "set terminal svg size 960,600 dynamic noenhanced font 'sans,13' background '#ffffff'"},
        {"png", "set terminal pngcairo size 960,600 noenhanced font 'sans,11'"}};
    for (const auto& [ext, terminal] : terminals) {
        s += terminal + "\n";
        for (const auto& p : plots) {
            std::string file = p.file + "." + ext;
            out.files.push_back(file);
            s += fmt::format("set output {}\nset title {}\nset ylabel {}\nplot \\\n",
                             gnuplot_string(file), gnuplot_string(title + ": " + p.title),
                             gnuplot_string(p.ylabel));
            std::vector<std::string> lines;
            for (std::size_t k = 0; k < all.size(); ++k)
                for (std::size_t c = 0; c < p.columns.size(); ++c) {
                    const auto& [column, suffix] = p.columns[c];
                    std::string name = all[k].title + (suffix.empty() ? "" : ", " + suffix);
                    lines.push_back(
                        fmt::format("  $s{} using 1:{} with linespoints lc {} dt {} pt {} title {}",
                                    k, column, k + 1, c + 1, c ? 6 : 7, gnuplot_string(name)));
                }
            if (p.diagonal)
                lines.push_back("  x with lines lc 'gray' dt 3 title 'accepted = offered'");
            for (std::size_t i = 0; i < lines.size(); ++i)
                s += lines[i] + (i + 1 < lines.size() ? ", \\\n" : "\n");
        }
        s += "unset output\n";
    }
    return out;
}

} // namespace lumen::tools
