// SPDX-License-Identifier: Apache-2.0
#include "tools/sweep/sweep_report.h"

#include "tools/common/key_figures.h"
#include "tools/common/point_runner.h"
#include "tools/sweep/point_store.h"
#include "tools/sweep/sweep_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace lumen::tools {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The workload's own scalar figures (collective time, algbw, busbw, step
// time...) that some point reports, in the order first seen; names that are
// columns already (offered and accepted load, a varied key) are left out.
std::vector<std::string> workload_columns(const std::vector<point_result>& results,
                                          const std::vector<std::string>& taken) {
    std::vector<std::string> names;
    for (const auto& r : results)
        for (const auto& [key, value] : r.workload.items())
            if (value.is_number() && std::find(names.begin(), names.end(), key) == names.end() &&
                std::find(taken.begin(), taken.end(), key) == taken.end())
                names.push_back(key);
    return names;
}

std::string workload_cell(const json& workload, const std::string& key) {
    auto it = workload.find(key);
    if (it == workload.end() || !it->is_number()) return "";
    return it->is_number_float() ? number_text(it->get<double>()) : it->dump();
}

// Draws the plots with gnuplot; returns "" or why some plot was not drawn.
std::string draw_plots(const sweep_plan& plan, const std::vector<plotted_point>& plotted) {
    auto script = make_plot_script(plan.axes, plotted, plan.title());
    if (script.text.empty()) return script.why;
    const fs::path out = plan.out;
    const fs::path script_path = out / "plots.gp";
    std::ofstream(script_path) << script.text;
    std::error_code ec;
    for (const auto& f : script.files) fs::remove(out / f, ec); // a stale image is not a plot
    std::string gnuplot = find_on_path("gnuplot");
    if (gnuplot.empty())
        return fmt::format("no plots ({}): gnuplot not found on PATH (Debian: apt install "
                           "gnuplot-nox; or --no-plots); plots.gp is there to draw them later",
                           fmt::join(script.files, ", "));
    std::string cd = "cd '";
    for (char c : out.string()) cd += c == '\'' ? std::string("''") : std::string(1, c);
    cd += "'";
    point_run draw{
        {gnuplot, "-e", cd, script_path.string()}, "", (out / "gnuplot.stderr").string()};
    auto drawn = run_points({draw}, 1, nullptr).front();
    std::vector<std::string> missing;
    for (const auto& f : script.files)
        if (!fs::exists(out / f, ec) || fs::file_size(out / f, ec) == 0) missing.push_back(f);
    if (drawn.exit_status != 0 || !missing.empty())
        return fmt::format("plots {} not drawn: gnuplot: {} (see {})", fmt::join(missing, ", "),
                           drawn.error.empty() ? "no output" : drawn.error, draw.stderr_path);
    fs::remove(draw.stderr_path, ec);
    return "";
}

} // namespace

int write_report(const sweep_plan& plan, const report_options& options) {
    std::vector<point_result> results;
    for (std::size_t i = 0; i < plan.points.size(); ++i) results.push_back(read_point(plan, i));

    std::vector<std::string> header{"point"};
    for (const auto& a : plan.axes) header.push_back(a.key);
    header.insert(header.end(), {"exit_status", "error"});
    std::vector<std::string> taken = header;
    for (const auto& c : key_figure_columns()) taken.push_back(c);
    const auto extra = workload_columns(results, taken);
    header.insert(header.end(), extra.begin(), extra.end());
    for (const auto& c : key_figure_columns()) header.push_back(c);
    header.push_back("json");
    std::string csv = csv_row(header);

    std::vector<plotted_point> plotted;
    std::size_t failed = 0, missing = 0;
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        auto& r = results[i];
        std::string error = r.outcome.error;
        if (!r.finished) {
            ++missing;
            error = options.missing_reason ? options.missing_reason(i) : "no results";
            fmt::print(stderr, "lumen-sweep: point {} ({}) missing: {}\n", i + 1, plan.where(i),
                       error);
        } else if (r.outcome.exit_status != 0) {
            ++failed;
            fmt::print(stderr, "lumen-sweep: point {} ({}) failed: {}\n", i + 1, plan.where(i),
                       error);
        }
        std::vector<std::string> row{std::to_string(i + 1)};
        row.insert(row.end(), plan.points[i].begin(), plan.points[i].end());
        row.push_back(r.finished ? std::to_string(r.outcome.exit_status) : "");
        row.push_back(error);
        for (const auto& key : extra) row.push_back(workload_cell(r.workload, key));
        if (r.figures) {
            auto cells = key_figure_cells(*r.figures);
            row.insert(row.end(), cells.begin(), cells.end());
            plotted.push_back({plan.points[i], *r.figures, r.workload, r.latency_histogram});
        } else {
            row.push_back("false");
            row.resize(row.size() + key_figure_columns().size() - 1);
        }
        row.push_back(r.figures ? fs::relative(plan.stem(i) + ".json", plan.out).string() : "");
        csv += csv_row(row);
    }
    std::ofstream(fs::path(plan.out) / "points.csv") << csv;

    const std::string plots_error = options.plots ? draw_plots(plan, plotted) : "";
    if (!plots_error.empty()) fmt::print(stderr, "lumen-sweep: {}\n", plots_error);
    if (!options.quiet) {
        std::string what = fmt::format("{} points, {} passed, {} failed", plan.points.size(),
                                       plan.points.size() - failed - missing, failed);
        if (missing) what += fmt::format(", {} missing", missing);
        fmt::print("lumen-sweep: {}; wrote {}/points.csv, points/*.json{}\n", what, plan.out,
                   options.plots && plots_error.empty() ? " and the plots (plots.gp, .svg, .png)"
                                                        : "");
    }
    return failed || missing || !plots_error.empty() ? 1 : 0;
}

} // namespace lumen::tools
