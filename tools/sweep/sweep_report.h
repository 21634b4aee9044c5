// SPDX-License-Identifier: Apache-2.0
// What a sweep hands the architect, built from the point files alone (so the
// same code serves a local sweep, a Slurm job and --collect): points.csv, the
// plots, and one line on stderr per failed or missing point with its error.
#pragma once

#include "tools/sweep/sweep_plan.h"

#include <functional>
#include <string>

namespace lumen::tools {

struct report_options {
    bool plots = true; // draw the plots with gnuplot (--no-plots: not)
    bool quiet = false;
    // Why a point has no recorded outcome: not run yet, its task was cancelled...
    std::function<std::string(std::size_t point)> missing_reason;
};

// Writes out/points.csv and the plots; returns the exit code: 0 when every
// point passed and every plot was drawn, 1 otherwise.
int write_report(const sweep_plan& plan, const report_options& options);

} // namespace lumen::tools
