// SPDX-License-Identifier: Apache-2.0
#include "tools/sweep/slurm_backend.h"

#include "tools/common/point_runner.h"
#include "tools/common/shell_words.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

namespace lumen::tools {

namespace fs = std::filesystem;

namespace {

fs::path slurm_dir(const sweep_plan& plan) {
    return fs::path(plan.out) / "slurm";
}

std::vector<std::string> read_lines(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The batch script every task runs: the points on its line of the tasks file,
// one after the other, each leaving its stderr and exit status beside its
// results as a local run does. A task Slurm stops leaves no exit status for
// the point it was running, which is then reported missing with Slurm's words.
std::string task_script(const sweep_plan& plan) {
    const std::string points = shell_quote((fs::path(plan.out) / "points").string());
    const std::string tasks = shell_quote((slurm_dir(plan) / "tasks").string());
    return fmt::format(R"(#!/bin/bash
# Written by lumen-sweep for the sweep in {out}.
# Array task T runs the points on line T + 1 of {tasks}.
cd {points} || exit 1
line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" {tasks})
for p in $line; do
  bash "$p.cmd" >/dev/null 2>"$p.stderr"
  status=$?
  [ -s "$p.stderr" ] || rm -f "$p.stderr"
  echo "$status" >"$p.exit.tmp" && mv "$p.exit.tmp" "$p.exit"
done
)",
                       fmt::arg("out", plan.out), fmt::arg("points", points),
                       fmt::arg("tasks", tasks));
}

// The array task that runs a point, if any.
std::optional<std::size_t> task_of(const sweep_plan& plan, std::size_t point) {
    for (std::size_t t = 0; t < plan.tasks.size(); ++t)
        for (auto p : plan.tasks[t])
            if (p == point) return t;
    return std::nullopt;
}

} // namespace

void check_slurm(const slurm_options& options) {
    for (const char* tool : {"sbatch", "squeue"})
        if (find_on_path(tool).empty())
            throw usage_error(fmt::format("--backend slurm: {} not found on PATH (run lumen-sweep "
                                          "on a Slurm login node, or see --print-commands)",
                                          tool));
    split_shell_words(options.sbatch_args, "--slurm-args");
}

void submit_to_slurm(sweep_plan& plan, const std::vector<std::size_t>& points,
                     const slurm_options& options) {
    const fs::path dir = slurm_dir(plan);
    fs::create_directories(dir);
    plan.tasks.clear();
    std::string lines;
    for (std::size_t i = 0; i < points.size(); i += options.points_per_task) {
        plan.tasks.emplace_back();
        std::string line;
        for (std::size_t j = i; j < std::min(points.size(), i + options.points_per_task); ++j) {
            plan.tasks.back().push_back(points[j]);
            line += (line.empty() ? "" : " ") + fs::path(plan.stem(points[j])).filename().string();
        }
        lines += line + "\n";
    }
    std::ofstream(dir / "tasks") << lines;
    const fs::path script = dir / "task.sh";
    std::ofstream(script) << task_script(plan);
    fs::permissions(script, fs::perms::owner_exec, fs::perm_options::add);
    std::error_code ec;
    for (const auto& old : fs::directory_iterator(dir, ec))
        if (old.path().filename().string().rfind("task-", 0) == 0) fs::remove(old.path(), ec);

    point_run sbatch{{find_on_path("sbatch"), "--parsable",
                      fmt::format("--array=0-{}", plan.tasks.size() - 1), "--job-name=lumen-sweep",
                      "--output=" + (dir / "task-%a.out").string()},
                     (dir / "sbatch.out").string(),
                     (dir / "sbatch.stderr").string()};
    for (auto& w : split_shell_words(options.sbatch_args, "--slurm-args")) sbatch.argv.push_back(w);
    sbatch.argv.push_back(script.string());
    auto outcome = run_points({sbatch}, 1, nullptr).front();
    auto out = read_lines(sbatch.stdout_path);
    if (outcome.exit_status != 0 || out.empty() || out[0].empty())
        throw usage_error(fmt::format("--backend slurm: sbatch refused the job: {}",
                                      outcome.error.empty() ? "no job id" : outcome.error));
    // --parsable prints "jobid" or "jobid;cluster".
    plan.job = out[0].substr(0, out[0].find(';'));
    fs::remove(sbatch.stderr_path, ec);
    fs::remove(sbatch.stdout_path, ec);
}

bool slurm_job_active(const sweep_plan& plan) {
    static const std::set<std::string> active = {
        "PENDING",     "RUNNING",      "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED",
        "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING",    "SIGNALING",  "STAGE_OUT", "STOPPED"};
    const fs::path dir = slurm_dir(plan);
    point_run squeue{{find_on_path("squeue"), "-h", "-j", plan.job, "-o", "%T"},
                     (dir / "squeue.out").string(),
                     (dir / "squeue.stderr").string()};
    std::string last_error;
    // squeue fails now and then on a busy controller; a job Slurm has purged
    // is "Invalid job id", which means it ended.
    for (int attempt = 0; attempt < 10; ++attempt) {
        if (attempt) std::this_thread::sleep_for(std::chrono::seconds(2));
        auto outcome = squeue.argv[0].empty() ? point_outcome{127, "squeue not found on PATH"}
                                              : run_points({squeue}, 1, nullptr).front();
        if (outcome.exit_status == 0) {
            bool any = false;
            for (const auto& state : read_lines(squeue.stdout_path)) any |= active.count(state) > 0;
            return any;
        }
        if (outcome.error.find("Invalid job id") != std::string::npos) return false;
        last_error = outcome.error;
    }
    throw std::runtime_error(fmt::format("squeue -j {} failed: {}", plan.job, last_error));
}

void wait_for_slurm_job(const sweep_plan& plan, bool quiet) {
    std::size_t total = 0;
    for (const auto& t : plan.tasks) total += t.size();
    progress_line progress(fmt::format("lumen-sweep: job {}", plan.job), total, quiet);
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
        std::size_t done = 0, failed = 0;
        for (const auto& t : plan.tasks)
            for (auto p : t) {
                std::ifstream in(plan.stem(p) + ".exit");
                int status = 0;
                if (in >> status) {
                    ++done;
                    failed += status != 0;
                }
            }
        progress.update(done, failed);
        if (!slurm_job_active(plan)) break;
        // Polled often while a small sweep is finishing, gently on a long one.
        const auto waited = std::chrono::steady_clock::now() - start;
        std::this_thread::sleep_for(waited < std::chrono::seconds(30) ? std::chrono::seconds(1)
                                                                      : std::chrono::seconds(5));
    }
    progress.finish();
}

std::string slurm_missing_reason(const sweep_plan& plan, std::size_t point, bool job_active) {
    auto task = task_of(plan, point);
    if (!task)
        return fmt::format("not run: no task of job {} runs it (rerun the sweep into the same "
                           "--out)",
                           plan.job);
    const std::string log = (slurm_dir(plan) / fmt::format("task-{}.out", *task)).string();
    if (job_active)
        return fmt::format("not done yet: job {} task {} is queued or running (collect again "
                           "when it ends)",
                           plan.job, *task);
    // Slurm's own words when it stopped the task: "slurmstepd: error: *** JOB 7
    // ON node CANCELLED AT ... DUE TO TIME LIMIT ***".
    std::string said;
    for (const auto& line : read_lines(log))
        if (line.find("CANCELLED") != std::string::npos || line.find("error") != std::string::npos)
            said = line;
    if (!said.empty())
        return fmt::format("job {} task {} ended before it finished: {}", plan.job, *task, said);
    return fmt::format("job {} task {} ended without running it (see {})", plan.job, *task, log);
}

} // namespace lumen::tools
