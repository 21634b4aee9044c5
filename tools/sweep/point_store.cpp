// SPDX-License-Identifier: Apache-2.0
#include "tools/sweep/point_store.h"

#include "tools/sweep/sweep_plots.h"

#include "tools/common/shell_words.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace lumen::tools {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::optional<json> read_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    try {
        return json::parse(in);
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::optional<int> read_exit(const std::string& path) {
    std::ifstream in(path);
    int status = 0;
    if (in >> status) return status;
    return std::nullopt;
}

} // namespace

void resolve_point_configs(const sweep_plan& plan, unsigned jobs) {
    std::vector<point_run> runs;
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        auto argv = plan.command(i);
        argv.resize(argv.size() - 2); // without --json: --print-config writes the config only
        argv.push_back("--print-config");
        runs.push_back({argv, plan.stem(i) + ".config.json", plan.stem(i) + ".config.stderr"});
    }
    auto outcomes = run_points(runs, jobs, nullptr);
    std::error_code ec;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        fs::remove(runs[i].stderr_path, ec);
        if (outcomes[i].exit_status != 0) fs::remove(runs[i].stdout_path, ec);
    }
}

bool point_is_current(const sweep_plan& plan, std::size_t point) {
    const std::string stem = plan.stem(point);
    if (read_all(stem + ".cmd") != shell_command(plan.command(point)) + "\n") return false;
    if (!read_exit(stem + ".exit")) return false;
    auto config = read_json(stem + ".config.json");
    auto results = read_json(stem + ".json");
    return config && results && results->is_object() && results->contains("config") &&
           (*results)["config"] == *config;
}

void prepare_point(const sweep_plan& plan, std::size_t point) {
    const std::string stem = plan.stem(point);
    std::error_code ec;
    for (const char* ext : {".json", ".stderr", ".exit"}) fs::remove(stem + ext, ec);
    std::ofstream(stem + ".cmd") << shell_command(plan.command(point)) << "\n";
}

point_run local_run(const sweep_plan& plan, std::size_t point) {
    const std::string stem = plan.stem(point);
    return {plan.command(point), "", stem + ".stderr", stem + ".exit"};
}

point_result read_point(const sweep_plan& plan, std::size_t point) {
    const std::string stem = plan.stem(point);
    point_result r;
    auto status = read_exit(stem + ".exit");
    if (!status) return r;
    r.finished = true;
    r.outcome = outcome_of(*status, stem + ".stderr");
    const std::string results = stem + ".json";
    if (fs::exists(results)) {
        try {
            std::ifstream in(results);
            json j = json::parse(in);
            r.figures = read_key_figures(j);
            r.workload = j.value("workload", json::object());
            if (j.contains("latency_ns") && j["latency_ns"].contains("histogram")) {
                r.latency_histogram = j["latency_ns"]["histogram"];
                latency_cdf(r.latency_histogram); // a malformed one is unreadable results
            }
        } catch (const json::exception& e) {
            r.figures.reset();
            if (r.outcome.exit_status == 0) r.outcome.exit_status = 1;
            r.outcome.error = fmt::format("unreadable results {}: {}", results, e.what());
        }
    }
    if (r.outcome.exit_status == 0 && !r.figures) {
        r.outcome.exit_status = 1;
        r.outcome.error = "the platform wrote no results JSON";
    }
    if (r.outcome.exit_status != 0 && r.outcome.error.empty())
        r.outcome.error = r.figures && !r.figures->failure.empty()
                              ? r.figures->failure
                              : fmt::format("exit status {}", r.outcome.exit_status);
    return r;
}

} // namespace lumen::tools
