// SPDX-License-Identifier: Apache-2.0
// The files of a sweep's points under --out/points, the one place where
// every back end leaves what a point did and where --collect and a rerun read
// it back:
//   p<N>.cmd          the point's command line (one line, for a shell)
//   p<N>.config.json  the point's resolved config (its --print-config)
//   p<N>.json         its results JSON, written by the platform
//   p<N>.stderr       what it wrote on stderr (removed when empty)
//   p<N>.exit         its exit status, written when the run ended
#pragma once

#include "tools/common/key_figures.h"
#include "tools/common/point_runner.h"
#include "tools/sweep/sweep_plan.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lumen::tools {

// What is known of one point from its files.
struct point_result {
    bool finished = false; // an exit status was recorded
    point_outcome outcome; // exit status and error, when finished
    std::optional<key_figures> figures;
    nlohmann::json workload;          // the workload's own figures from the results
    nlohmann::json latency_histogram; // latency_ns.histogram, null when the results have none
};

// Writes each point's resolved config, at most jobs platform runs at once. A
// point whose config does not resolve gets none: its run reports the error.
void resolve_point_configs(const sweep_plan& plan, unsigned jobs);

// True when the point's results are there and were made by this very
// command and config: a rerun into the same --out skips it.
bool point_is_current(const sweep_plan& plan, std::size_t point);

// Removes what an earlier run of the point left and writes its command, so
// that nothing stale passes for the coming run's.
void prepare_point(const sweep_plan& plan, std::size_t point);

// The run of a point in this process: stdout discarded, stderr and exit
// status into the point's files.
point_run local_run(const sweep_plan& plan, std::size_t point);

// Reads what the point's files say. An unreadable results JSON, or a run that
// exited 0 without one, is a failed point with that error.
point_result read_point(const sweep_plan& plan, std::size_t point);

} // namespace lumen::tools
