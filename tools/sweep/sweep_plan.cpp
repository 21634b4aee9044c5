// SPDX-License-Identifier: Apache-2.0
#include "tools/sweep/sweep_plan.h"

#include "tools/common/point_runner.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace lumen::tools {

namespace fs = std::filesystem;
using nlohmann::json;

std::string sweep_plan::title() const {
    return fmt::format("lumen-{}{}", platform, preset.empty() ? "" : " " + preset);
}

std::string sweep_plan::stem(std::size_t point) const {
    const int width = int(std::to_string(points.size()).size());
    return (fs::path(out) / "points" / fmt::format("p{:0{}}", point + 1, width)).string();
}

std::string sweep_plan::where(std::size_t point) const {
    std::string text;
    for (std::size_t k = 0; k < axes.size(); ++k)
        text += (k ? " " : "") + axes[k].key + "=" + points[point][k];
    return text;
}

std::vector<std::string> sweep_plan::command(std::size_t point) const {
    std::vector<std::string> argv{executable, "--quiet"};
    argv.insert(argv.end(), base_args.begin(), base_args.end());
    for (std::size_t k = 0; k < axes.size(); ++k)
        argv.insert(argv.end(), {"--set", axes[k].key + "=" + points[point][k]});
    argv.insert(argv.end(), {"--json", stem(point) + ".json"});
    return argv;
}

void write_plan(const sweep_plan& plan) {
    json axes = json::array();
    for (const auto& a : plan.axes) axes.push_back({{"key", a.key}, {"values", a.values}});
    json j = {{"tool", "lumen-sweep"},
              {"platform", plan.platform},
              {"preset", plan.preset},
              {"executable", plan.executable},
              {"axes", axes},
              {"base_args", plan.base_args},
              {"backend", plan.backend},
              {"job", plan.job},
              {"tasks", plan.tasks}};
    // Written whole, then renamed: a reader never sees half a plan.
    const fs::path path = fs::path(plan.out) / "sweep.json";
    const fs::path tmp = path.string() + ".tmp";
    std::ofstream(tmp) << j.dump(2) << "\n";
    fs::rename(tmp, path);
}

sweep_plan read_plan(const std::string& dir) {
    const fs::path path = fs::path(dir) / "sweep.json";
    std::ifstream in(path);
    if (!in)
        throw usage_error(fmt::format("--collect {}: no {} (not a lumen-sweep --out directory)",
                                      dir, path.string()));
    sweep_plan plan;
    try {
        json j = json::parse(in);
        if (j.value("tool", "") != "lumen-sweep")
            throw usage_error(
                fmt::format("--collect {}: {} was not written by lumen-sweep", dir, path.string()));
        plan.platform = j.at("platform").get<std::string>();
        plan.preset = j.at("preset").get<std::string>();
        plan.executable = j.at("executable").get<std::string>();
        for (const auto& a : j.at("axes"))
            plan.axes.push_back(
                {a.at("key").get<std::string>(), a.at("values").get<std::vector<std::string>>()});
        plan.base_args = j.at("base_args").get<std::vector<std::string>>();
        plan.backend = j.at("backend").get<std::string>();
        plan.job = j.at("job").get<std::string>();
        plan.tasks = j.at("tasks").get<std::vector<std::vector<std::size_t>>>();
    } catch (const json::exception& e) {
        throw usage_error(
            fmt::format("--collect {}: {} is not a sweep's: {}", dir, path.string(), e.what()));
    }
    plan.out = fs::absolute(dir).lexically_normal().string();
    plan.points = cartesian_points(plan.axes);
    for (const auto& task : plan.tasks)
        for (auto p : task)
            if (p >= plan.points.size())
                throw usage_error(fmt::format("--collect {}: {} names point {} of {}", dir,
                                              path.string(), p + 1, plan.points.size()));
    return plan;
}

} // namespace lumen::tools
