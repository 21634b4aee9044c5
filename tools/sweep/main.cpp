// SPDX-License-Identifier: Apache-2.0
// lumen-sweep: runs a platform over the cartesian product of varied config
// values, each point a separate run of build/bin/lumen-<platform>, here or as
// a Slurm job array, and writes points.csv, each point's results JSON and
// gnuplot plots into one directory. A rerun into the same directory runs only
// the points without current results; --collect rebuilds the CSV and plots
// from what is there.
#include "tools/common/point_runner.h"
#include "tools/common/shell_words.h"
#include "tools/sweep/point_store.h"
#include "tools/sweep/slurm_backend.h"
#include "tools/sweep/sweep_axes.h"
#include "tools/sweep/sweep_plan.h"
#include "tools/sweep/sweep_report.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
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
    std::string config, preset, out, collect;
    std::optional<unsigned> seed;
    unsigned jobs = 1;
    std::string backend = "local";
    slurm_options slurm;
    bool no_wait = false, print_commands = false, no_plots = false, quiet = false;
};

// The platform arguments every point shares, after argv[0]. A relative
// --config is made absolute: a point may run from another directory.
std::vector<std::string> base_arguments(const options& o) {
    std::vector<std::string> args;
    if (!o.preset.empty()) args.insert(args.end(), {"--preset", o.preset});
    if (!o.config.empty()) args.insert(args.end(), {"--config", fs::absolute(o.config).string()});
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
json check_base(const sweep_plan& plan) {
    fs::path resolved = fs::path(plan.out) / "base_config.json";
    point_run run{{plan.executable, "--print-config"},
                  resolved.string(),
                  (fs::path(plan.out) / "base_config.stderr").string()};
    for (const auto& a : plan.base_args) run.argv.push_back(a);
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
        throw usage_error(
            fmt::format("{} --print-config: unreadable output: {}", plan.executable, e.what()));
    }
    for (const auto& axis : plan.axes)
        if (!has_key(config, axis.key))
            throw usage_error(fmt::format("--vary {}: no such config key (see {} --help)", axis.key,
                                          plan.executable));
    return config;
}

// Whether the user chose the key: with --set, or in the --config file.
bool user_sets(const options& o, const std::string& key) {
    for (const auto& s : o.sets)
        if (s.rfind(key + "=", 0) == 0) return true;
    if (o.config.empty()) return false;
    std::ifstream in(o.config);
    try {
        return has_key(json::parse(in, nullptr, true, true), key);
    } catch (const json::exception&) {
        return false; // the platform has accepted the file: it is not ours to judge
    }
}

// Latency against offered load is the curve with the knee queueing theory
// predicts only when requests queue: periodic arrivals below capacity never
// do, and the first requests, issued into empty queues, pull the statistics
// down. So a sweep of the injection rate defaults to Poisson arrivals and a
// warm-up of a tenth of each GPU's requests, unless the user chose either.
void default_load_sweep(sweep_plan& plan, const options& o, const json& base) {
    const bool load_sweep =
        std::any_of(plan.axes.begin(), plan.axes.end(),
                    [](const sweep_axis& a) { return a.key == "workload.injection_rate"; });
    if (!load_sweep || !has_key(base, "workload.arrival")) return;
    std::vector<std::string> chosen;
    if (!user_sets(o, "workload.arrival")) chosen.push_back("workload.arrival=poisson");
    const bool sized = std::any_of(plan.axes.begin(), plan.axes.end(), [](const sweep_axis& a) {
        return a.key == "workload.bytes" || a.key == "workload.request_bytes";
    });
    if (!sized && has_key(base, "workload.warmup_requests") && has_key(base, "workload.bytes") &&
        has_key(base, "workload.request_bytes") && !user_sets(o, "workload.warmup_requests")) {
        const auto& w = base["workload"];
        const auto requests = w["bytes"].get<uint64_t>() / w["request_bytes"].get<uint64_t>();
        if (requests >= 10)
            chosen.push_back(fmt::format("workload.warmup_requests={}", requests / 10));
    }
    for (const auto& c : chosen) plan.base_args.insert(plan.base_args.end(), {"--set", c});
    if (!chosen.empty() && !o.quiet && !o.print_commands)
        fmt::print("lumen-sweep: a sweep of workload.injection_rate: {} (--set to choose "
                   "otherwise)\n",
                   fmt::join(chosen, ", "));
}

sweep_plan make_plan(const options& o) {
    sweep_plan plan;
    std::set<std::string> keys;
    for (const auto& v : o.vary) {
        plan.axes.push_back(parse_vary(v));
        if (!keys.insert(plan.axes.back().key).second)
            throw usage_error(
                fmt::format("--vary {}: the key is varied twice", plan.axes.back().key));
    }
    // Counted before anything runs or is created: too many is a usage error.
    plan.points = cartesian_points(plan.axes);
    plan.platform = o.platform;
    plan.preset = o.preset;
    plan.executable = platform_executable(o.platform);
    plan.base_args = base_arguments(o);
    plan.backend = o.backend;
    if (o.backend == "slurm" && !o.print_commands) check_slurm(o.slurm);
    std::error_code ec;
    fs::create_directories(fs::path(o.out) / "points", ec);
    if (ec) throw usage_error(fmt::format("--out {}: {}", o.out, ec.message()));
    plan.out = fs::absolute(o.out).lexically_normal().string();
    default_load_sweep(plan, o, check_base(plan));
    return plan;
}

int collect(const options& o) {
    sweep_plan plan = read_plan(o.collect);
    bool active = false;
    if (plan.backend == "slurm" && !plan.job.empty() && !find_on_path("squeue").empty())
        active = slurm_job_active(plan);
    report_options report{!o.no_plots, o.quiet, [&](std::size_t point) {
                              return plan.backend == "slurm"
                                         ? slurm_missing_reason(plan, point, active)
                                         : std::string("not run: the sweep stopped before it "
                                                       "(rerun it into the same --out)");
                          }};
    return write_report(plan, report);
}

int sweep(const options& o) {
    sweep_plan plan = make_plan(o);
    if (o.print_commands) {
        for (std::size_t i = 0; i < plan.points.size(); ++i)
            fmt::print("{}\n", shell_command(plan.command(i)));
        return 0;
    }
    resolve_point_configs(plan, o.jobs);
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < plan.points.size(); ++i)
        if (!point_is_current(plan, i)) {
            prepare_point(plan, i);
            todo.push_back(i);
        }
    if (!o.quiet && todo.empty())
        fmt::print("lumen-sweep: all {} points have current results in {}; nothing to run\n",
                   plan.points.size(), plan.out);
    else if (!o.quiet && todo.size() < plan.points.size())
        fmt::print("lumen-sweep: {} of {} points have current results in {}; running the other "
                   "{}\n",
                   plan.points.size() - todo.size(), plan.points.size(), plan.out, todo.size());

    const std::string missing = "not run: the sweep stopped before it (rerun it into the same "
                                "--out)";
    report_options report{!o.no_plots, o.quiet, [&](std::size_t) { return missing; }};
    if (o.backend == "local" || todo.empty()) {
        plan.backend = "local";
        write_plan(plan);
        std::vector<point_run> runs;
        for (auto i : todo) runs.push_back(local_run(plan, i));
        progress_line progress("lumen-sweep", runs.size(), o.quiet);
        progress.update(0, 0);
        run_points(runs, o.jobs,
                   [&](std::size_t done, std::size_t failed) { progress.update(done, failed); });
        progress.finish();
        std::error_code ec;
        for (const auto& r : runs)
            if (fs::exists(r.stderr_path, ec) && fs::file_size(r.stderr_path, ec) == 0)
                fs::remove(r.stderr_path, ec);
        return write_report(plan, report);
    }

    submit_to_slurm(plan, todo, o.slurm);
    write_plan(plan);
    if (o.no_wait) {
        if (!o.quiet)
            fmt::print("lumen-sweep: submitted job {} ({} points in {} array tasks); when it "
                       "ends: lumen-sweep --collect {}\n",
                       plan.job, todo.size(), plan.tasks.size(), plan.out);
        return 0;
    }
    wait_for_slurm_job(plan, o.quiet);
    report.missing_reason = [&](std::size_t point) {
        return slurm_missing_reason(plan, point, false);
    };
    return write_report(plan, report);
}

} // namespace

int main(int argc, char* argv[]) {
    options o;
    CLI::App app{"lumen-sweep: runs a LumenLink platform over the cartesian product of varied "
                 "config values, each point a separate run (here or as a Slurm job array), and "
                 "writes points.csv, each point's results JSON and plots (gnuplot, SVG and PNG) "
                 "into --out DIR.",
                 "lumen-sweep"};
    app.add_option("--platform", o.platform, "platform executable lumen-<NAME> next to this one")
        ->check(CLI::IsMember({"p2p", "pod", "fabric"}))
        ->capture_default_str();
    auto* vary = app.add_option("--vary", o.vary,
                                "key=a,b,c (a list), key=first:last:step (an inclusive range) or "
                                "key=first:last:*factor (a geometric range); numbers may end in "
                                "K, M or G (2^10, 2^20, 2^30); repeatable, the points are the "
                                "cartesian product")
                     ->allow_extra_args(false);
    auto* out = app.add_option("--out", o.out,
                               "directory for points.csv, points/*.json and the plots; a rerun "
                               "into it runs only the points without current results");
    app.add_option("--set", o.sets, "config value every point shares: key.path=value (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--config", o.config, "JSON platform config every point starts from");
    app.add_option("--preset", o.preset, "link technology preset of every point");
    app.add_option("--seed", o.seed, "random seed of every point");
    app.add_option("--jobs", o.jobs, "points run at once (local back end)")
        ->check(CLI::Range(1u, 1024u))
        ->capture_default_str();
    app.add_option("--backend", o.backend,
                   "where the points run: local (here, --jobs at once) or slurm (one sbatch "
                   "--array job; --out and the build on a shared file system)")
        ->check(CLI::IsMember({"local", "slurm"}))
        ->capture_default_str();
    app.add_option("--points-per-task", o.slurm.points_per_task,
                   "slurm: points each array task runs, one after the other")
        ->check(CLI::Range(1u, 100000u))
        ->capture_default_str();
    app.add_option("--slurm-args", o.slurm.sbatch_args,
                   "slurm: more sbatch options, as one string (e.g. \"--partition=cpu "
                   "--time=00:30:00\")");
    app.add_flag("--no-wait", o.no_wait,
                 "slurm: return once the job is submitted; --collect DIR later");
    auto* collect_opt = app.add_option(
        "--collect", o.collect,
        "build points.csv and the plots from the point results already in DIR (a sweep's "
        "--out) and report the points missing or failed, with why; runs nothing");
    app.add_flag("--print-commands", o.print_commands,
                 "print each point's command line, one per line, and run nothing (for another "
                 "scheduler)");
    app.add_flag("--no-plots", o.no_plots, "write no plots (and need no gnuplot)");
    app.add_flag("--quiet", o.quiet, "no progress line and no closing summary");
    collect_opt->excludes(vary)->excludes(out);
    app.footer(
        "Writes into DIR: points.csv (one row per point: the varied values, exit status, error, "
        "the workload's own figures, key figures), points/p<N>.json (each point's results; "
        "beside it .cmd, .config.json, .exit and .stderr), sweep.json (the sweep, for --collect "
        "and reruns), base_config.json (the resolved shared config), plots.gp and the plots as "
        ".svg and .png; slurm/ for the Slurm back end. See docs/sweep.md.\n"
        "Example: lumen-sweep --platform pod --set workload.kind=pattern --vary "
        "link.lanes=128,256,512 "
        "--vary workload.injection_rate=0.1:1.0:0.1 --jobs 2 --out sweep\n"
        "Exit codes: 0 every point passed and every plot was drawn; 1 a point failed or is "
        "missing (its error is in points.csv) or a plot could not be drawn; 2 usage error.");
    app.set_version_flag("--version", std::string("lumen-sweep ") + LUMEN_VERSION,
                         "print the version and exit");
    try {
        app.parse(argc, argv);
        if (o.collect.empty()) {
            if (o.vary.empty()) throw CLI::RequiredError("--vary");
            if (o.out.empty()) throw CLI::RequiredError("--out");
        }
        if (o.backend != "slurm" && (o.no_wait || !o.slurm.sbatch_args.empty()))
            throw CLI::ValidationError(o.no_wait ? "--no-wait" : "--slurm-args",
                                       "needs --backend slurm");
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        fmt::print(stderr, "lumen-sweep: {}\n", e.what());
        return 2;
    }
    try {
        return o.collect.empty() ? sweep(o) : collect(o);
    } catch (const usage_error& e) {
        fmt::print(stderr, "lumen-sweep: {}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "lumen-sweep: {}\n", e.what());
        return 1;
    }
}
