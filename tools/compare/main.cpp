// SPDX-License-Identifier: Apache-2.0
// lumen-compare: one platform and one workload under several link technology
// presets, side by side: completion time, throughput, latency, energy per bit,
// interconnect power, W per Tb/s and whether the preset's reach covers the
// configured length. Each preset is a separate run of build/bin/lumen-<platform>.
#include "models/platform/presets.h"
#include "tools/common/key_figures.h"
#include "tools/common/point_runner.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace lumen::tools;

namespace {

struct options {
    std::string platform = "p2p";
    std::vector<std::string> presets, sets;
    std::string config, json_file, csv_file, baseline;
    std::optional<unsigned> seed;
    unsigned jobs = 1;
    bool quiet = false;
};

enum class row_status { PASSED, REACH_EXCEEDED, FAILED };

const char* status_name(row_status s) {
    switch (s) {
    case row_status::PASSED:
        return "passed";
    case row_status::REACH_EXCEEDED:
        return "reach exceeded";
    case row_status::FAILED:
        return "failed";
    }
    return "";
}

struct row {
    std::string preset;
    row_status status = row_status::FAILED;
    int exit_status = 0;
    std::string error;
    double reach_m = std::nan("");
    std::optional<key_figures> figures;
    json results;
    // Against --baseline: completion time and energy per bit, as ratios.
    double time_ratio = std::nan("");
    double energy_ratio = std::nan("");
};

// The reach a platform names when it refuses a link longer than its
// technology's (exit 2, "... link.reach_m = 2 m ..."); the preset's own value
// if the message does not say.
double refused_reach(const std::string& error, const std::string& preset) {
    static const std::regex reach(R"(link\.reach_m = ([0-9.eE+-]+))");
    std::smatch m;
    if (std::regex_search(error, m, reach)) return std::strtod(m[1].str().c_str(), nullptr);
    for (const auto& v : lumen::find_link_preset(preset).values)
        if (v.key == "link.reach_m") return v.value.get<double>();
    return std::nan("");
}

std::string metres(double m) {
    return fmt::format("{:g} m", m);
}

std::string reach_text(const row& r) {
    switch (r.status) {
    case row_status::PASSED:
        if (!r.figures || std::isnan(r.reach_m)) return "fits";
        return fmt::format("fits ({:g} of {})", r.figures->length_m, metres(r.reach_m));
    case row_status::REACH_EXCEEDED:
        return fmt::format("reach exceeded ({})", metres(r.reach_m));
    case row_status::FAILED:
        return "failed: " + r.error;
    }
    return "";
}

void print_table(const options& o, const std::vector<row>& rows) {
    // Without --seed every run takes the platform's default, which its results name.
    std::string seed = o.seed ? std::to_string(*o.seed) : "default";
    for (const auto& r : rows)
        if (!o.seed && r.results.contains("seed")) seed = r.results["seed"].dump();
    fmt::print("LumenLink compare | lumen-{} | seed {} | {} presets", o.platform, seed,
               rows.size());
    if (!o.config.empty()) fmt::print(" | --config {}", o.config);
    for (const auto& s : o.sets) fmt::print(" | --set {}", s);
    const bool ratios = !o.baseline.empty();
    fmt::print("\n\n  {:<22} {:>10} {:>8} {:>9} {:>9} {:>8} {:>9} {:>9}", "preset", "time us",
               "GB/s", "p50 ns", "p99 ns", "pJ/bit", "power W", "W/(Tb/s)");
    if (ratios) fmt::print(" {:>7} {:>8}", "time x", "pJ/bit x");
    fmt::print("  reach\n");
    auto ratio = [](double v) {
        return std::isnan(v) ? std::string("-") : fmt::format("{:.3f}", v);
    };
    for (const auto& r : rows) {
        if (r.figures && r.status == row_status::PASSED) {
            const auto& f = *r.figures;
            fmt::print("  {:<22} {:>10.3f} {:>8.2f} {:>9.1f} {:>9.1f} {:>8.3f} {:>9.3f} {:>9.3f}",
                       r.preset, f.sim_time_ns / 1000.0, f.throughput_GBps, f.latency_p50_ns,
                       f.latency_p99_ns, f.pj_per_bit, f.link_power_w, f.watts_per_tbps());
        } else {
            fmt::print("  {:<22} {:>10} {:>8} {:>9} {:>9} {:>8} {:>9} {:>9}", r.preset, "-", "-",
                       "-", "-", "-", "-", "-");
        }
        if (ratios) fmt::print(" {:>7} {:>8}", ratio(r.time_ratio), ratio(r.energy_ratio));
        fmt::print("  {}\n", reach_text(r));
    }
    fmt::print("\n  time: simulated completion time; pJ/bit: link energy per payload bit;\n"
               "  power: mean power of every link of the platform; W/(Tb/s): that power per Tb/s "
               "of line capacity.\n");
    if (ratios)
        fmt::print(
            "  time x, pJ/bit x: completion time and energy per bit as a multiple of {}'s.\n",
            o.baseline);
}

std::string csv_text(const std::vector<row>& rows) {
    std::vector<std::string> header{"preset", "status", "exit_status", "error", "reach_m"};
    for (const auto& c : key_figure_columns()) header.push_back(c);
    header.insert(header.end(), {"time_vs_baseline", "energy_vs_baseline"});
    std::string csv = csv_row(header);
    for (const auto& r : rows) {
        std::vector<std::string> cells{r.preset, status_name(r.status),
                                       std::to_string(r.exit_status), r.error,
                                       number_text(r.reach_m)};
        if (r.figures) {
            auto f = key_figure_cells(*r.figures);
            cells.insert(cells.end(), f.begin(), f.end());
        } else {
            cells.resize(cells.size() + key_figure_columns().size());
        }
        cells.push_back(number_text(r.time_ratio));
        cells.push_back(number_text(r.energy_ratio));
        csv += csv_row(cells);
    }
    return csv;
}

json json_document(const options& o, const std::vector<row>& rows) {
    json doc = {{"tool", "lumen-compare"}, {"platform", o.platform}, {"sets", o.sets}};
    doc["seed"] = o.seed ? json(*o.seed) : json(nullptr);
    doc["config_file"] = o.config.empty() ? json(nullptr) : json(o.config);
    doc["baseline"] = o.baseline.empty() ? json(nullptr) : json(o.baseline);
    auto number = [](double v) { return std::isnan(v) ? json(nullptr) : json(v); };
    doc["rows"] = json::array();
    for (const auto& r : rows) {
        json j = {{"preset", r.preset},
                  {"status", status_name(r.status)},
                  {"exit_status", r.exit_status},
                  {"error", r.error},
                  {"reach_m", number(r.reach_m)},
                  {"time_vs_baseline", number(r.time_ratio)},
                  {"energy_vs_baseline", number(r.energy_ratio)}};
        if (r.figures) {
            const auto& f = *r.figures;
            j["completion_time_ns"] = f.sim_time_ns;
            j["throughput_GBps"] = f.throughput_GBps;
            j["latency_p50_ns"] = f.latency_p50_ns;
            j["latency_p99_ns"] = f.latency_p99_ns;
            j["pj_per_bit"] = f.pj_per_bit;
            j["interconnect_power_w"] = f.link_power_w;
            j["capacity_tbps"] = f.capacity_tbps;
            j["w_per_tbps"] = number(f.watts_per_tbps());
            j["results"] = r.results;
        }
        doc["rows"].push_back(std::move(j));
    }
    return doc;
}

// Opens an output file now, so that a bad path is a usage error before any run.
std::ofstream open_output(const std::string& option, const std::string& path) {
    std::ofstream out(path);
    if (!out) throw usage_error(fmt::format("{} {}: cannot write the file", option, path));
    return out;
}

int run(options o) {
    const auto known = lumen::link_preset_names();
    if (o.presets.empty()) o.presets = known;
    std::set<std::string> seen;
    for (const auto& p : o.presets) {
        if (std::find(known.begin(), known.end(), p) == known.end())
            throw usage_error(fmt::format("--presets {}: no such preset; allowed: {}", p,
                                          fmt::join(known, " | ")));
        if (!seen.insert(p).second) throw usage_error(fmt::format("--presets {}: named twice", p));
    }
    if (!o.baseline.empty() && !seen.count(o.baseline))
        throw usage_error(fmt::format("--baseline {}: not among the compared presets ({})",
                                      o.baseline, fmt::join(o.presets, ",")));
    const std::string exe = platform_executable(o.platform);
    std::optional<std::ofstream> json_out, csv_out;
    if (!o.json_file.empty()) json_out = open_output("--json", o.json_file);
    if (!o.csv_file.empty()) csv_out = open_output("--csv", o.csv_file);

    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = (fs::path(tmp && *tmp ? tmp : "/tmp") / "lumen-compare.XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw usage_error(fmt::format("cannot make a directory {}", pattern));
    const fs::path work = pattern;

    std::vector<point_run> runs;
    for (const auto& p : o.presets) {
        point_run run{{exe, "--quiet", "--preset", p}, "", (work / (p + ".stderr")).string()};
        if (!o.config.empty()) run.argv.insert(run.argv.end(), {"--config", o.config});
        for (const auto& s : o.sets) run.argv.insert(run.argv.end(), {"--set", s});
        if (o.seed) run.argv.insert(run.argv.end(), {"--seed", std::to_string(*o.seed)});
        run.argv.insert(run.argv.end(), {"--json", (work / (p + ".json")).string()});
        runs.push_back(std::move(run));
    }
    progress_line progress("lumen-compare", runs.size(), o.quiet);
    progress.update(0, 0);
    auto outcomes = run_points(
        runs, o.jobs, [&](std::size_t done, std::size_t failed) { progress.update(done, failed); });
    progress.finish();

    std::vector<row> rows;
    for (std::size_t i = 0; i < o.presets.size(); ++i) {
        row r;
        r.preset = o.presets[i];
        r.exit_status = outcomes[i].exit_status;
        r.error = outcomes[i].error;
        const fs::path results = work / (r.preset + ".json");
        if (fs::exists(results)) {
            try {
                std::ifstream in(results);
                r.results = json::parse(in);
                r.figures = read_key_figures(r.results);
                r.reach_m = r.figures->reach_m;
            } catch (const json::exception& e) {
                r.figures.reset();
                if (r.exit_status == 0) r.exit_status = 1;
                r.error = fmt::format("unreadable results: {}", e.what());
            }
        }
        if (r.exit_status == 0 && r.figures && r.figures->passed) {
            r.status = row_status::PASSED;
        } else if (r.exit_status == 2 && r.error.find("link.reach_m") != std::string::npos) {
            r.status = row_status::REACH_EXCEEDED;
            r.reach_m = refused_reach(r.error, r.preset);
        } else {
            r.status = row_status::FAILED;
            if (r.error.empty())
                r.error = r.figures && !r.figures->failure.empty()
                              ? r.figures->failure
                              : fmt::format("exit status {}", r.exit_status);
        }
        rows.push_back(std::move(r));
    }
    fs::remove_all(work);

    // The same config error under every preset is the user's, not a preset's.
    bool common_error = !rows.empty();
    for (const auto& r : rows)
        common_error = common_error && r.status == row_status::FAILED && r.exit_status == 2 &&
                       r.error == rows.front().error;
    if (common_error) {
        json_out.reset();
        csv_out.reset();
        for (const auto& file : {o.json_file, o.csv_file})
            if (!file.empty()) fs::remove(file);
        throw usage_error(rows.front().error);
    }

    for (const auto& base : rows)
        if (base.preset == o.baseline && base.status == row_status::PASSED)
            for (auto& r : rows)
                if (r.status == row_status::PASSED) {
                    r.time_ratio = r.figures->sim_time_ns / base.figures->sim_time_ns;
                    r.energy_ratio = r.figures->pj_per_bit / base.figures->pj_per_bit;
                }

    if (!o.quiet) print_table(o, rows);
    if (csv_out) *csv_out << csv_text(rows);
    if (json_out) *json_out << json_document(o, rows).dump(2) << "\n";
    for (const auto& r : rows)
        if (r.status == row_status::FAILED) return 1;
    return 0;
}

} // namespace

int main(int argc, char* argv[]) {
    options o;
    CLI::App app{"lumen-compare: runs one LumenLink platform and workload under several link "
                 "technology presets (each a separate run, same workload, same seed) and prints "
                 "one table.",
                 "lumen-compare"};
    app.add_option("--platform", o.platform, "platform executable lumen-<NAME> next to this one")
        ->check(CLI::IsMember({"p2p", "pod", "fabric"}))
        ->capture_default_str();
    app.add_option("--presets", o.presets,
                   fmt::format("presets to compare, comma-separated (default: all: {})",
                               fmt::join(lumen::link_preset_names(), ",")))
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--set", o.sets,
                   "config value every preset runs with: key.path=value (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--config", o.config, "JSON platform config every preset starts from");
    app.add_option("--seed", o.seed, "random seed of every run (default: the platform's)");
    app.add_option("--json", o.json_file, "write every row, with each run's results JSON, to FILE");
    app.add_option("--csv", o.csv_file, "write one CSV row per preset to FILE");
    app.add_option("--baseline", o.baseline,
                   "add each preset's completion time and energy per bit as a multiple of this "
                   "preset's");
    app.add_option("--jobs", o.jobs, "runs at once")
        ->check(CLI::Range(1u, 1024u))
        ->capture_default_str();
    app.add_flag("--quiet", o.quiet, "no table and no progress line (use with --csv or --json)");
    app.footer("A preset whose reach is shorter than link.length_m gets 'reach exceeded (N m)' in "
               "its row; the others still run.\nExit codes: 0 every preset that fits passed; 1 a "
               "run failed; 2 usage or config error.");
    app.set_version_flag("--version", std::string("lumen-compare ") + LUMEN_VERSION,
                         "print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        fmt::print(stderr, "lumen-compare: {}\n", e.what());
        return 2;
    }
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
