// SPDX-License-Identifier: Apache-2.0
// lumen-sweep: runs a platform over the cartesian product of varied config
// values, each point a separate run of build/bin/lumen-<platform>, and writes
// points.csv, each point's results JSON and gnuplot plots into one directory.
#include "tools/common/key_figures.h"
#include "tools/common/point_runner.h"
#include "tools/sweep/sweep_axes.h"
#include "tools/sweep/sweep_plots.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace lumen::tools;

namespace {

struct options {
    std::string platform = "p2p";
    std::vector<std::string> vary, sets;
    std::string config, preset, out;
    std::optional<unsigned> seed;
    unsigned jobs = 1;
    bool quiet = false;
};

// The platform arguments every point shares, after argv[0].
std::vector<std::string> base_arguments(const options& o) {
    std::vector<std::string> args;
    if (!o.preset.empty()) args.insert(args.end(), {"--preset", o.preset});
    if (!o.config.empty()) args.insert(args.end(), {"--config", o.config});
    for (const auto& s : o.sets) args.insert(args.end(), {"--set", s});
    if (o.seed) args.insert(args.end(), {"--seed", std::to_string(*o.seed)});
    return args;
}

bool has_key(const json& config, const std::string& dotted) {
    const json* node = &config;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = dotted.find('.', start);
        std::string part = dotted.substr(start, end - start);
        if (!node->is_object() || !node->contains(part)) return false;
        node = &(*node)[part];
        if (end == std::string::npos) return true;
        start = end + 1;
    }
}

// Resolves the shared config once, before any point runs: a bad --set,
// --config or --preset, or a --vary key the platform does not have, is a usage
// error of the sweep rather than a column of identical failures.
void check_base(const std::string& exe, const options& o, const std::vector<sweep_axis>& axes) {
    fs::path resolved = fs::path(o.out) / "base_config.json";
    point_run run{{exe, "--print-config"},
                  resolved.string(),
                  (fs::path(o.out) / "base_config.stderr").string()};
    for (const auto& a : base_arguments(o)) run.argv.push_back(a);
    auto outcome = run_points({run}, 1, nullptr).front();
    fs::remove(run.stderr_path);
    if (outcome.exit_status != 0) {
        fs::remove(resolved);
        throw usage_error(outcome.error);
    }
    json config;
    try {
        std::ifstream in(resolved);
        config = json::parse(in);
    } catch (const json::exception& e) {
        throw usage_error(fmt::format("{} --print-config: unreadable output: {}", exe, e.what()));
    }
    for (const auto& axis : axes)
        if (!has_key(config, axis.key))
            throw usage_error(
                fmt::format("--vary {}: no such config key (see {} --help)", axis.key, exe));
}

int run(const options& o) {
    std::vector<sweep_axis> axes;
    std::set<std::string> keys;
    for (const auto& v : o.vary) {
        axes.push_back(parse_vary(v));
        if (!keys.insert(axes.back().key).second)
            throw usage_error(fmt::format("--vary {}: the key is varied twice", axes.back().key));
    }
    // Counted before anything runs or is created: too many is a usage error.
    const auto points = cartesian_points(axes);
    const std::string exe = platform_executable(o.platform);
    std::error_code ec;
    fs::create_directories(fs::path(o.out) / "points", ec);
    if (ec) throw usage_error(fmt::format("--out {}: {}", o.out, ec.message()));
    check_base(exe, o, axes);

    const int width = int(std::to_string(points.size()).size());
    std::vector<point_run> runs;
    std::vector<std::string> json_paths;
    for (std::size_t i = 0; i < points.size(); ++i) {
        fs::path stem = fs::path(o.out) / "points" / fmt::format("p{:0{}}", i + 1, width);
        json_paths.push_back(stem.string() + ".json");
        point_run run{{exe, "--quiet"}, "", stem.string() + ".stderr"};
        for (const auto& a : base_arguments(o)) run.argv.push_back(a);
        for (std::size_t k = 0; k < axes.size(); ++k)
            run.argv.insert(run.argv.end(), {"--set", axes[k].key + "=" + points[i][k]});
        run.argv.insert(run.argv.end(), {"--json", json_paths.back()});
        fs::remove(json_paths.back(), ec); // a stale JSON must not pass for this run's
        runs.push_back(std::move(run));
    }

    progress_line progress("lumen-sweep", runs.size(), o.quiet);
    progress.update(0, 0);
    auto outcomes = run_points(
        runs, o.jobs, [&](std::size_t done, std::size_t failed) { progress.update(done, failed); });
    progress.finish();

    std::vector<std::string> header{"point"};
    for (const auto& a : axes) header.push_back(a.key);
    header.insert(header.end(), {"exit_status", "error"});
    for (const auto& c : key_figure_columns()) header.push_back(c);
    header.push_back("json");
    std::string csv = csv_row(header);

    std::vector<plotted_point> plotted;
    std::size_t failed = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        auto& outcome = outcomes[i];
        std::optional<key_figures> figures;
        if (fs::exists(json_paths[i])) {
            try {
                std::ifstream in(json_paths[i]);
                figures = read_key_figures(json::parse(in));
            } catch (const json::exception& e) {
                if (outcome.exit_status == 0) outcome.exit_status = 1;
                outcome.error = fmt::format("unreadable results {}: {}", json_paths[i], e.what());
            }
        }
        if (outcome.exit_status == 0 && !figures) {
            outcome.exit_status = 1;
            outcome.error = "the platform wrote no results JSON";
        }
        if (outcome.exit_status != 0 && outcome.error.empty())
            outcome.error = figures && !figures->failure.empty()
                                ? figures->failure
                                : fmt::format("exit status {}", outcome.exit_status);
        if (fs::exists(runs[i].stderr_path) && fs::file_size(runs[i].stderr_path) == 0)
            fs::remove(runs[i].stderr_path);

        std::vector<std::string> row{std::to_string(i + 1)};
        row.insert(row.end(), points[i].begin(), points[i].end());
        row.push_back(std::to_string(outcome.exit_status));
        row.push_back(outcome.error);
        if (figures) {
            auto cells = key_figure_cells(*figures);
            row.insert(row.end(), cells.begin(), cells.end());
            plotted.push_back({points[i], *figures});
        } else {
            row.push_back("false");
            row.resize(row.size() + key_figure_columns().size() - 1);
        }
        row.push_back(figures ? fs::relative(json_paths[i], o.out).string() : "");
        csv += csv_row(row);

        if (outcome.exit_status != 0) {
            ++failed;
            std::vector<std::string> where;
            for (std::size_t k = 0; k < axes.size(); ++k)
                where.push_back(axes[k].key + "=" + points[i][k]);
            fmt::print(stderr, "lumen-sweep: point {} ({}) failed: {}\n", i + 1,
                       fmt::join(where, " "), outcome.error);
        }
    }
    const fs::path csv_path = fs::path(o.out) / "points.csv";
    std::ofstream(csv_path) << csv;

    const std::string title =
        fmt::format("lumen-{}{}", o.platform, o.preset.empty() ? "" : " " + o.preset);
    auto script = make_plot_script(axes, plotted, title);
    std::string plots_note;
    if (script.text.empty()) {
        plots_note = script.why;
    } else {
        const fs::path script_path = fs::absolute(fs::path(o.out) / "plots.gp");
        std::ofstream(script_path) << script.text;
        std::string gnuplot = find_on_path("gnuplot");
        if (gnuplot.empty()) {
            plots_note = "gnuplot not found on PATH: no plots (Debian: apt install gnuplot-nox); "
                         "plots.gp is there to draw them later";
        } else {
            std::string cd = "cd '";
            for (char c : script_path.parent_path().string())
                cd += c == '\'' ? std::string("''") : std::string(1, c);
            cd += "'";
            point_run draw{{gnuplot, "-e", cd, script_path.string()},
                           "",
                           (fs::path(o.out) / "gnuplot.stderr").string()};
            auto drawn = run_points({draw}, 1, nullptr).front();
            if (drawn.exit_status != 0)
                plots_note =
                    fmt::format("gnuplot failed: {} (see {})", drawn.error, draw.stderr_path);
            else
                fs::remove(draw.stderr_path);
        }
    }
    if (!plots_note.empty()) fmt::print(stderr, "lumen-sweep: {}\n", plots_note);
    if (!o.quiet) {
        fmt::print(
            "lumen-sweep: {} points, {} passed, {} failed; wrote {}/points.csv, points/*.json{}\n",
            points.size(), points.size() - failed, failed, o.out,
            plots_note.empty()
                ? " and the plots (latency, accepted_load, energy_per_bit; .svg, .png)"
                : "");
    }
    return failed ? 1 : 0;
}

} // namespace

int main(int argc, char* argv[]) {
    options o;
    CLI::App app{"lumen-sweep: runs a LumenLink platform over the cartesian product of varied "
                 "config values, each point a separate run, and writes points.csv, each point's "
                 "results JSON and plots (gnuplot, SVG and PNG) into --out DIR.",
                 "lumen-sweep"};
    app.add_option("--platform", o.platform, "platform executable lumen-<NAME> next to this one")
        ->check(CLI::IsMember({"p2p", "pod", "fabric"}))
        ->capture_default_str();
    app.add_option("--vary", o.vary,
                   "key=a,b,c (a list) or key=first:last:step (an inclusive range); repeatable, "
                   "the points are the cartesian product")
        ->required()
        ->allow_extra_args(false);
    app.add_option("--out", o.out, "directory for points.csv, points/*.json and the plots")
        ->required();
    app.add_option("--set", o.sets, "config value every point shares: key.path=value (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--config", o.config, "JSON platform config every point starts from");
    app.add_option("--preset", o.preset, "link technology preset of every point");
    app.add_option("--seed", o.seed, "random seed of every point");
    app.add_option("--jobs", o.jobs, "points run at once")
        ->check(CLI::Range(1u, 1024u))
        ->capture_default_str();
    app.add_flag("--quiet", o.quiet, "no progress line and no closing summary");
    app.footer(
        "Writes into DIR: points.csv (one row per point: the varied values, exit status, error, "
        "key figures), points/p<N>.json (each point's results), base_config.json (the resolved "
        "shared config), plots.gp and latency, accepted_load, energy_per_bit as .svg and .png. "
        "The plots' x axis is the offered load when workload.injection_rate is varied, otherwise "
        "the first --vary key; one series per combination of the other varied keys.\n"
        "Example: lumen-sweep --platform pod --set workload.kind=pattern --vary "
        "link.lanes=128,256,512 "
        "--vary workload.injection_rate=0.1:1.0:0.1 --jobs 2 --out sweep\n"
        "Exit codes: 0 every point passed; 1 a point failed (its error is in points.csv); 2 "
        "usage error.");
    app.set_version_flag("--version", std::string("lumen-sweep ") + LUMEN_VERSION,
                         "print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        fmt::print(stderr, "lumen-sweep: {}\n", e.what());
        return 2;
    }
    try {
        return run(o);
    } catch (const usage_error& e) {
        fmt::print(stderr, "lumen-sweep: {}\n", e.what());
        return 2;
    }
}
