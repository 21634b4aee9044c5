// SPDX-License-Identifier: Apache-2.0
// lumen-compare: one platform and one workload under several link technology
// presets, side by side and fair by construction: the same geometry (the
// platform's link or tier lengths), the same work (the same offered GB/s per
// GPU, or one collective or LLM step), buffers that cover each link's credit
// round trip; completion time, throughput, latency, energy, power, capacity,
// whether the preset reaches, and its cost of ownership and failures
// (models/tco). Each preset is a separate run of build/bin/lumen-<platform>.
#include "models/platform/presets.h"
#include "tools/common/point_runner.h"
#include "tools/compare/compare_output.h"
#include "tools/compare/compare_plot.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

namespace fs = std::filesystem;
using namespace lumen::tools;

namespace {

struct options {
    compare_setup setup;
    std::vector<std::string> presets;
    std::string json_file, csv_file, plot_dir;
    unsigned jobs = 1;
    bool quiet = false;
};

// Opens an output file now, so that a bad path is a usage error before any run.
std::ofstream open_output(const std::string& option, const std::string& path) {
    std::ofstream out(path);
    if (!out) throw usage_error(fmt::format("{} {}: cannot write the file", option, path));
    return out;
}

void check_options(options& o) {
    const auto known = lumen::link_preset_names();
    if (o.presets.empty()) o.presets = known;
    std::set<std::string> seen;
    for (const auto& p : o.presets) {
        if (std::find(known.begin(), known.end(), p) == known.end())
            throw usage_error(fmt::format("--presets {}: no such preset; allowed: {}", p,
                                          fmt::join(known, " | ")));
        if (!seen.insert(p).second) throw usage_error(fmt::format("--presets {}: named twice", p));
    }
    const compare_setup& s = o.setup;
    if (!s.baseline.empty() && !seen.count(s.baseline))
        throw usage_error(fmt::format("--baseline {}: not among the compared presets ({})",
                                      s.baseline, fmt::join(o.presets, ",")));
    if (!s.tier.empty() && s.platform != "fabric")
        throw usage_error(
            fmt::format("--tier {}: only --platform fabric has tiers, not {}", s.tier, s.platform));
    if (!(s.offered_GBps > 0 && std::isfinite(s.offered_GBps)))
        throw usage_error(
            fmt::format("--offered-GBps {}: allowed: a load > 0 GB/s per GPU", s.offered_GBps));
}

// The command line of one preset's run: the same config, sets, seed and
// offered load for all; the preset on the whole platform, or on --tier only.
point_run preset_run(const options& o, const std::string& exe, const std::string& preset,
                     const fs::path& work) {
    const compare_setup& s = o.setup;
    point_run run{{exe, "--quiet"}, "", (work / (preset + ".stderr")).string()};
    if (s.tier.empty()) run.argv.insert(run.argv.end(), {"--preset", preset});
    if (!s.config.empty()) run.argv.insert(run.argv.end(), {"--config", s.config});
    // Before the user's --set, which may still change it.
    run.argv.insert(run.argv.end(),
                    {"--set", fmt::format("workload.offered_GBps={:.17g}", s.offered_GBps)});
    for (const auto& set : s.sets) run.argv.insert(run.argv.end(), {"--set", set});
    if (!s.tier.empty())
        run.argv.insert(run.argv.end(),
                        {"--set", fmt::format("tiers.{}.preset={}", s.tier, preset)});
    if (s.seed) run.argv.insert(run.argv.end(), {"--seed", std::to_string(*s.seed)});
    run.argv.insert(run.argv.end(), {"--json", (work / (preset + ".json")).string()});
    return run;
}

// Draws the plots into dir (beside compare.csv); a missing gnuplot is a note, not a failure.
void draw_plots(const std::string& dir, const std::vector<compare_row>& rows,
                const std::string& title) {
    const compare_plot plot = make_compare_plot(rows, title);
    std::string note = plot.why;
    if (!plot.text.empty()) {
        const fs::path script = fs::absolute(fs::path(dir) / "compare.gp");
        open_output("--plot", script.string()) << plot.text;
        const std::string gnuplot = find_on_path("gnuplot");
        if (gnuplot.empty()) {
            note = "gnuplot not found on PATH: no plots (Debian: apt install gnuplot-nox); "
                   "compare.gp is there to draw them later";
        } else {
            std::string cd = "cd '";
            for (char c : script.parent_path().string())
                cd += c == '\'' ? std::string("''") : std::string(1, c);
            cd += "'";
            point_run draw{{gnuplot, "-e", cd, script.string()},
                           "",
                           (fs::path(dir) / "gnuplot.stderr").string()};
            const auto drawn = run_points({draw}, 1, nullptr).front();
            if (drawn.exit_status != 0)
                note = fmt::format("gnuplot failed: {} (see {})", drawn.error, draw.stderr_path);
            else
                fs::remove(draw.stderr_path);
        }
    }
    if (!note.empty()) fmt::print(stderr, "lumen-compare: {}\n", note);
}

int run(options o) {
    check_options(o);
    const compare_setup& s = o.setup;
    const std::string exe = platform_executable(s.platform);
    std::optional<std::ofstream> json_out, csv_out, plot_csv;
    if (!o.json_file.empty()) json_out = open_output("--json", o.json_file);
    if (!o.csv_file.empty()) csv_out = open_output("--csv", o.csv_file);
    if (!o.plot_dir.empty()) {
        std::error_code ec;
        fs::create_directories(o.plot_dir, ec);
        plot_csv = open_output("--plot", (fs::path(o.plot_dir) / "compare.csv").string());
    }

    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = (fs::path(tmp && *tmp ? tmp : "/tmp") / "lumen-compare.XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw usage_error(fmt::format("cannot make a directory {}", pattern));
    const fs::path work = pattern;

    std::vector<point_run> runs;
    for (const auto& p : o.presets) runs.push_back(preset_run(o, exe, p, work));
    progress_line progress("lumen-compare", runs.size(), o.quiet, "presets");
    progress.update(0, 0);
    auto outcomes = run_points(
        runs, o.jobs, [&](std::size_t done, std::size_t failed) { progress.update(done, failed); });
    progress.finish();

    std::vector<compare_row> rows;
    for (std::size_t i = 0; i < o.presets.size(); ++i)
        rows.push_back(make_row(o.presets[i], outcomes[i],
                                (work / (o.presets[i] + ".json")).string(), s.tier, s.gpus));
    fs::remove_all(work);

    // The same config error under every preset is the user's, not a preset's.
    bool common_error = !rows.empty();
    for (const auto& r : rows)
        common_error = common_error && r.status == row_status::FAILED && r.exit_status == 2 &&
                       r.error == rows.front().error;
    if (common_error) {
        json_out.reset();
        csv_out.reset();
        plot_csv.reset();
        for (const auto& file : {o.json_file, o.csv_file})
            if (!file.empty()) fs::remove(file);
        if (!o.plot_dir.empty()) fs::remove(fs::path(o.plot_dir) / "compare.csv");
        throw usage_error(rows.front().error);
    }

    for (const auto& base : rows)
        if (base.preset == s.baseline && base.status == row_status::PASSED)
            for (auto& r : rows)
                if (r.status == row_status::PASSED) {
                    r.time_ratio = r.figures->sim_time_ns / base.figures->sim_time_ns;
                    r.energy_ratio = r.figures->pj_per_bit / base.figures->pj_per_bit;
                }

    if (!o.quiet) print_table(s, rows);
    const std::string csv = csv_text(rows);
    if (csv_out) *csv_out << csv;
    if (plot_csv) {
        *plot_csv << csv;
        plot_csv.reset();
        draw_plots(o.plot_dir, rows,
                   "lumen-" + s.platform + (s.tier.empty() ? "" : ", tier " + s.tier));
    }
    if (json_out) *json_out << json_document(s, rows).dump(2) << "\n";
    for (const auto& r : rows)
        if (r.status == row_status::FAILED) return 1;
    return 0;
}

} // namespace

int main(int argc, char* argv[]) {
    options o;
    compare_setup& s = o.setup;
    s.platform = "p2p";
    s.offered_GBps = 40;
    std::optional<unsigned> seed, gpus;
    CLI::App app{"lumen-compare: runs one LumenLink platform and workload under several link "
                 "technology presets (each a separate run: same geometry, same work, same seed) "
                 "and prints one table of performance and one of cost of ownership.",
                 "lumen-compare"};
    app.add_option("--platform", s.platform, "platform executable lumen-<NAME> next to this one")
        ->check(CLI::IsMember({"p2p", "pod", "fabric"}))
        ->capture_default_str();
    app.add_option("--presets", o.presets,
                   fmt::format("presets to compare, comma-separated (default: all: {})",
                               fmt::join(lumen::link_preset_names(), ",")))
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--tier", s.tier,
                   "--platform fabric: give the presets to this tier only (tiers.TIER.preset); "
                   "the other tiers stay as configured");
    app.add_option("--offered-GBps", s.offered_GBps,
                   "offered load per GPU of a traffic pattern, the same for every preset "
                   "(workload.offered_GBps; collectives and LLM steps are fixed work already)")
        ->capture_default_str();
    app.add_option("--gpus", gpus,
                   "count and cost figures for a cluster of N GPUs: every tier's link count "
                   "scaled by N / the run's GPUs")
        ->check(CLI::Range(1u, 100000000u));
    app.add_option("--set", s.sets,
                   "config value every preset runs with: key.path=value (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--config", s.config, "JSON platform config every preset starts from");
    app.add_option("--seed", seed, "random seed of every run (default: the platform's)");
    app.add_option("--json", o.json_file, "write every row, with each run's results JSON, to FILE");
    app.add_option("--csv", o.csv_file, "write one CSV row per preset to FILE");
    app.add_option("--plot", o.plot_dir,
                   "write compare.csv, compare.gp and the plots (time, cost_per_year; .svg, "
                   ".png) into DIR");
    app.add_option("--baseline", s.baseline,
                   "add each preset's completion time and energy per bit as a multiple of this "
                   "preset's");
    app.add_option("--jobs", o.jobs, "runs at once")
        ->check(CLI::Range(1u, 1024u))
        ->capture_default_str();
    app.add_flag("--quiet", o.quiet, "no table and no progress line (use with --csv or --json)");
    app.footer("Every preset runs over the platform's geometry (link.length_m, or each tier's "
               "length_m): one that does not reach gets 'does not reach tier T: L m > R m' in its "
               "row and the others still run. Buffers cover each link's credit round trip "
               "(link.rtt_buffers); the credit column says when a link was credit-bound anyway.\n"
               "Exit codes: 0 every preset that reaches passed; 1 a run failed; 2 usage or "
               "config error.");
    app.set_version_flag("--version", std::string("lumen-compare ") + LUMEN_VERSION,
                         "print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        fmt::print(stderr, "lumen-compare: {}\n", e.what());
        return 2;
    }
    s.seed = seed;
    s.gpus = gpus;
    try {
        return run(o);
    } catch (const usage_error& e) {
        fmt::print(stderr, "lumen-compare: {}\n", e.what());
        return 2;
    } catch (const lumen::config_error& e) {
        fmt::print(stderr, "lumen-compare: {}\n", e.what());
        return 2;
    }
}
