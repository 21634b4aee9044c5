// SPDX-License-Identifier: Apache-2.0
#include "tools/sweep/sweep_plots.h"

#include "tools/common/gnuplot_quote.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace lumen::tools {

namespace {

const char* const injection_key = "workload.injection_rate";
const char* const load_unit = "fraction of link payload capacity";

std::string data_value(double v) {
    return std::isnan(v) ? "NaN" : fmt::format("{:.10g}", v);
}

bool is_number(const std::string& text) {
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return !text.empty() && *end == '\0';
}

// One figure of a point, NaN when the point's workload does not report it.
struct figure {
    std::string name;
    std::function<double(const plotted_point&)> value;
};

std::function<double(const plotted_point&)> workload_figure(const std::string& key) {
    return [key](const plotted_point& p) {
        auto it = p.workload.find(key);
        return it != p.workload.end() && it->is_number() ? it->get<double>()
                                                         : std::numeric_limits<double>::quiet_NaN();
    };
}

const std::vector<figure>& figures() {
    static const std::vector<figure> all = {
        {"accepted_load", [](const plotted_point& p) { return p.figures.accepted_load; }},
        {"latency_mean_ns", [](const plotted_point& p) { return p.figures.latency_mean_ns; }},
        {"latency_p99_ns", [](const plotted_point& p) { return p.figures.latency_p99_ns; }},
        {"pj_per_bit", [](const plotted_point& p) { return p.figures.pj_per_bit; }},
        {"time_us", workload_figure("time_us")},
        {"algbw_GBps", workload_figure("algbw_GBps")},
        {"busbw_GBps", workload_figure("busbw_GBps")},
        {"step_time_us", workload_figure("step_time_us")},
    };
    return all;
}

// The capacity offered load is a fraction of: the link's (p2p) or a GPU's
// (pod, fabric) payload capacity, as the platform reports it. Named on the x
// axis when every drawn point has the same one.
std::string load_label(const std::vector<plotted_point>& points) {
    std::string whose = "link";
    std::optional<double> capacity;
    bool one = true;
    for (const auto& p : points) {
        if (!p.figures.passed) continue;
        // Every platform now reports a GPU's capacity; results of older
        // point-to-point runs carry only the link's. The first one found counts.
        for (const auto& [key, name] :
             {std::pair<const char*, const char*>{"gpu_payload_capacity_GBps", "GPU"},
              {"link_payload_capacity_GBps", "link"}}) {
            auto it = p.workload.find(key);
            if (it == p.workload.end() || !it->is_number()) continue;
            whose = name;
            const double c = it->get<double>();
            if (capacity && std::abs(c - *capacity) > 1e-9 * *capacity) one = false;
            capacity = c;
            break;
        }
    }
    if (!capacity) return fmt::format("offered load ({})", load_unit);
    if (!one)
        return fmt::format("offered load (fraction of each series' {} payload capacity)", whose);
    return fmt::format("offered load (fraction of the {} payload capacity, {:.4g} GB/s)", whose,
                       *capacity);
}

struct series {
    std::string title;
    std::vector<std::pair<double, const plotted_point*>> rows;
};

struct plot_spec {
    std::string file;
    std::string title; // after "<figure> against "
    std::string ylabel;
    std::vector<std::pair<std::string, std::string>> columns; // figure, suffix of the series title
    bool diagonal;                                            // accepted = offered reference line
};

// The latency CDF: one step line per passed point with a histogram, on a
// log latency axis; appended to the script after the other plots.
std::string cdf_plot(const std::vector<const plotted_point*>& drawn,
                     const std::vector<std::string>& names, const std::string& title,
                     const std::string& file) {
    std::string s = fmt::format("set output {}\nset title {}\nset logscale x\nset xlabel "
                                "'latency (ns)'\nset ylabel 'share of requests at or below'\n"
                                "set yrange [0:1]\nplot \\\n",
                                gnuplot_quote(file), gnuplot_quote(title + ": latency CDF"));
    for (std::size_t k = 0; k < drawn.size(); ++k)
        s += fmt::format("  $c{} using 1:2 with steps lc {} title {}{}\n", k, k + 1,
                         gnuplot_quote(names[k]), k + 1 < drawn.size() ? ", \\" : "");
    return s + "unset logscale x\nset yrange [0:*]\n";
}

} // namespace

std::vector<std::pair<double, double>> latency_cdf(const nlohmann::json& histogram) {
    std::vector<std::pair<double, double>> cdf;
    if (histogram.is_null()) return cdf;
    const auto edges = histogram.at("edges_ns").get<std::vector<double>>();
    const auto counts = histogram.at("counts").get<std::vector<uint64_t>>();
    if (edges.size() != counts.size() + 1)
        throw nlohmann::json::other_error::create(
            501,
            fmt::format("latency histogram has {} edges for {} counts", edges.size(),
                        counts.size()),
            &histogram);
    uint64_t total = 0;
    for (uint64_t c : counts) total += c;
    if (total == 0) return cdf;
    cdf.emplace_back(edges[0], 0.0);
    uint64_t below = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        below += counts[i];
        cdf.emplace_back(edges[i + 1], static_cast<double>(below) / static_cast<double>(total));
    }
    return cdf;
}

plot_script make_plot_script(const std::vector<sweep_axis>& axes,
                             const std::vector<plotted_point>& points, const std::string& title) {
    plot_script out;
    std::optional<std::size_t> x_axis;
    for (std::size_t i = 0; i < axes.size() && !x_axis; ++i)
        if (axes[i].key == injection_key) x_axis = i;
    for (std::size_t i = 0; i < axes.size() && !x_axis; ++i)
        if (std::all_of(axes[i].values.begin(), axes[i].values.end(), is_number)) x_axis = i;
    if (!x_axis) {
        std::vector<std::string> keys;
        for (const auto& a : axes) keys.push_back(a.key);
        out.why = fmt::format("no plots: no varied key is numeric for the x axis ({})",
                              fmt::join(keys, ", "));
        return out;
    }
    const std::size_t x = *x_axis;
    const bool x_is_load = axes[x].key == injection_key;

    std::vector<series> all;
    std::map<std::string, std::size_t> index;
    for (const auto& p : points) {
        if (!p.figures.passed) continue;
        double at = std::strtod(p.values[x].c_str(), nullptr);
        if (!is_number(p.values[x])) {
            out.why = fmt::format("no plots: {} = {} is not a number", axes[x].key, p.values[x]);
            return out;
        }
        if (x_is_load && !std::isnan(p.figures.offered_load)) at = p.figures.offered_load;
        std::string name;
        for (std::size_t i = 0; i < axes.size(); ++i)
            if (i != x) name += (name.empty() ? "" : ", ") + axes[i].key + "=" + p.values[i];
        if (name.empty()) name = title;
        auto [it, added] = index.emplace(name, all.size());
        if (added) all.push_back({name, {}});
        all[it->second].rows.emplace_back(at, &p);
    }
    if (all.empty()) {
        out.why = "no plots: no point passed";
        return out;
    }

    // Which figures some passed point reports: a plot of none of them would be empty.
    std::map<std::string, int> column;
    std::set<std::string> reported;
    for (std::size_t f = 0; f < figures().size(); ++f) {
        column[figures()[f].name] = int(f) + 2;
        for (const auto& s : all)
            for (const auto& row : s.rows)
                if (std::isfinite(figures()[f].value(*row.second)))
                    reported.insert(figures()[f].name);
    }

    std::string& s = out.text;
    s += "# Drawn by lumen-sweep from points.csv; run it again in this directory: gnuplot "
         "plots.gp\n";
    std::string names = "x";
    for (const auto& f : figures()) names += " " + f.name;
    for (std::size_t k = 0; k < all.size(); ++k) {
        auto& rows = all[k].rows;
        std::stable_sort(rows.begin(), rows.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        s += fmt::format("# {}\n$s{} << EOD\n# {}\n", all[k].title, k, names);
        for (const auto& [at, p] : rows) {
            s += data_value(at);
            for (const auto& f : figures()) s += " " + data_value(f.value(*p));
            s += "\n";
        }
        s += "EOD\n";
    }

    // Each passed point's latency CDF, one data block each.
    std::vector<const plotted_point*> cdf_points;
    std::vector<std::string> cdf_names;
    for (const auto& p : points) {
        if (!p.figures.passed) continue;
        const std::vector<std::pair<double, double>> cdf = latency_cdf(p.latency_histogram);
        if (cdf.empty()) continue;
        std::string name;
        for (std::size_t i = 0; i < axes.size(); ++i)
            name += (name.empty() ? "" : ", ") + axes[i].key + "=" + p.values[i];
        s += fmt::format("# {}\n$c{} << EOD\n# latency_ns share_at_or_below\n", name,
                         cdf_points.size());
        for (const auto& [at, share] : cdf) s += data_value(at) + " " + data_value(share) + "\n";
        s += "EOD\n";
        cdf_points.push_back(&p);
        cdf_names.push_back(name);
    }

    const std::string x_name = x_is_load ? "offered load" : axes[x].key;
    const std::string xlabel = x_is_load ? load_label(points) : x_name;
    const std::vector<plot_spec> catalog = {
        {"latency",
         "latency",
         "latency (ns)",
         {{"latency_mean_ns", "mean"}, {"latency_p99_ns", "p99"}},
         false},
        {"accepted_load",
         "accepted",
         fmt::format("accepted load ({})", load_unit),
         {{"accepted_load", ""}},
         x_is_load},
        {"energy_per_bit",
         "energy per bit",
         "energy per payload bit (pJ/bit)",
         {{"pj_per_bit", ""}},
         false},
        {"collective_time", "collective time", "collective time (us)", {{"time_us", ""}}, false},
        {"bandwidth",
         "collective bandwidth",
         "bandwidth (GB/s)",
         {{"algbw_GBps", "algbw"}, {"busbw_GBps", "busbw"}},
         false},
        {"step_time", "step time", "training step time (us)", {{"step_time_us", ""}}, false},
    };
    std::vector<plot_spec> plots;
    for (const auto& p : catalog)
        if (std::any_of(p.columns.begin(), p.columns.end(),
                        [&](const auto& c) { return reported.count(c.first) > 0; }))
            plots.push_back(p);

    s += "set grid\nset key outside right top box\nset yrange [0:*]\nset offsets graph 0.02, graph "
         "0.02, graph 0.05, 0\n";
    s += fmt::format("set xlabel {}\n", gnuplot_quote(xlabel));
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
                             gnuplot_quote(file),
                             gnuplot_quote(title + ": " + p.title + " against " + x_name),
                             gnuplot_quote(p.ylabel));
            std::vector<std::string> lines;
            for (std::size_t k = 0; k < all.size(); ++k)
                for (std::size_t c = 0; c < p.columns.size(); ++c) {
                    const auto& [name, suffix] = p.columns[c];
                    if (!reported.count(name)) continue;
                    std::string series_name = all[k].title + (suffix.empty() ? "" : ", " + suffix);
                    lines.push_back(fmt::format(
                        "  $s{} using 1:{} with linespoints lc {} dt {} pt {} title {}", k,
                        column[name], k + 1, c + 1, c ? 6 : 7, gnuplot_quote(series_name)));
                }
            if (p.diagonal)
                lines.push_back("  x with lines lc 'gray' dt 3 title 'accepted = offered'");
            for (std::size_t i = 0; i < lines.size(); ++i)
                s += lines[i] + (i + 1 < lines.size() ? ", \\\n" : "\n");
        }
        if (!cdf_points.empty()) {
            const std::string file = "latency_cdf." + ext;
            out.files.push_back(file);
            s += cdf_plot(cdf_points, cdf_names, title, file);
            s += fmt::format("set xlabel {}\n", gnuplot_quote(xlabel));
        }
        s += "unset output\n";
    }
    return out;
}

} // namespace lumen::tools
