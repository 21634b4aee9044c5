// SPDX-License-Identifier: Apache-2.0
// The Slurm back end of lumen-sweep: the points to run go to one job array
// (sbatch --array), each task running a few points (scheduling costs about a
// second per task, so points are bundled), each point writing its files under
// --out/points exactly as a local run does. --out and the build must be on a
// file system the compute nodes share.
//   --out/slurm/task.sh      the batch script every array task runs
//   --out/slurm/tasks        one line per array task: the point files it runs
//   --out/slurm/task-<T>.out what Slurm and the task wrote (T = array index)
#pragma once

#include "tools/sweep/sweep_plan.h"

#include <cstddef>
#include <string>
#include <vector>

namespace lumen::tools {

struct slurm_options {
    unsigned points_per_task = 10;
    std::string sbatch_args; // --slurm-args, passed through to sbatch
};

// Throws usage_error, before anything is written, when sbatch or squeue is
// not on PATH or --slurm-args does not split into words.
void check_slurm(const slurm_options& options);

// Writes the batch script, submits the points as one job array and records
// the job and its tasks in plan (the caller writes the plan). Throws
// usage_error with sbatch's own error when sbatch refuses the job.
void submit_to_slurm(sweep_plan& plan, const std::vector<std::size_t>& points,
                     const slurm_options& options);

// Whether the job still has a task pending or running (asks squeue). Throws
// std::runtime_error when squeue keeps failing for another reason than a job
// Slurm no longer knows.
bool slurm_job_active(const sweep_plan& plan);

// Polls the job until none of its tasks is pending or running, with a progress
// line on a terminal counting the points done.
void wait_for_slurm_job(const sweep_plan& plan, bool quiet);

// Why a point of the job has no outcome: the task is still queued or running,
// or what Slurm said when it ended the task (cancelled, time limit...).
std::string slurm_missing_reason(const sweep_plan& plan, std::size_t point, bool job_active);

} // namespace lumen::tools
