// SPDX-License-Identifier: Apache-2.0
// What a sweep is, independent of where its points run: the platform, the
// varied axes and their points, and the arguments every point shares. It is
// kept as sweep.json under --out so that --collect, a rerun or a batch job
// finds the same points under the same names.
#pragma once

#include "tools/sweep/sweep_axes.h"

#include <cstddef>
#include <string>
#include <vector>

namespace lumen::tools {

struct sweep_plan {
    std::string platform;   // p2p, pod, fabric
    std::string preset;     // "" for the platform's default
    std::string executable; // absolute path of lumen-<platform>
    std::string out;        // absolute path of --out
    std::vector<sweep_axis> axes;
    std::vector<std::vector<std::string>> points; // cartesian_points(axes)
    std::vector<std::string> base_args;           // platform arguments every point shares
    std::string backend = "local";                // local | slurm
    std::string job;                              // Slurm job id of the last submission
    std::vector<std::vector<std::size_t>> tasks;  // points (0-based) of each array task

    // "lumen-pod microled-wide-slow": the plots' title.
    std::string title() const;
    // out/points/p<N>, N from 1 and zero-padded so that the files sort in point order.
    std::string stem(std::size_t point) const;
    // "link.lanes=256 workload.injection_rate=0.5": the point in words.
    std::string where(std::size_t point) const;
    // The platform command line that runs the point and writes its results JSON.
    std::vector<std::string> command(std::size_t point) const;
};

// Writes out/sweep.json.
void write_plan(const sweep_plan& plan);

// Reads dir/sweep.json; throws usage_error naming the file when it is missing
// or not a sweep's.
sweep_plan read_plan(const std::string& dir);

} // namespace lumen::tools
