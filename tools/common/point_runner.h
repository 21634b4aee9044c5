// SPDX-License-Identifier: Apache-2.0
// Runs platform executables as separate processes, a few at a time: each point
// of a comparison or a sweep is one run of build/bin/lumen-<platform>, so that
// a sweep can later be spread over a cluster with the same command lines.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lumen::tools {

// A usage error of a tool: exit code 2, one line on stderr.
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// build/bin/lumen-<platform>, next to the running tool; throws usage_error if
// it is not there.
std::string platform_executable(const std::string& platform);

// The first executable called name on PATH, or "" if there is none.
std::string find_on_path(const std::string& name);

struct point_run {
    std::vector<std::string> argv; // argv[0] is the executable's path; no shell
    std::string stdout_path;       // "" discards stdout
    std::string stderr_path;       // where the run's stderr goes
    std::string exit_path = "";    // where the exit status is written when the run ends ("" none)
};

struct point_outcome {
    int exit_status = 0; // the exit code, or 128 + signal number
    std::string error;   // the last line the run wrote on stderr, or what stopped it
};

// The outcome of a run that exited with exit_status (128 + signal number when
// a signal stopped it), its error read from the stderr it left at stderr_path.
// Shared by runs watched here and runs a batch scheduler made elsewhere.
point_outcome outcome_of(int exit_status, const std::string& stderr_path);

// Called after each finished run with the number done and failed so far.
using progress_callback = std::function<void(std::size_t done, std::size_t failed)>;

// Runs every point, at most jobs at once, and returns their outcomes in order.
std::vector<point_outcome> run_points(const std::vector<point_run>& runs, unsigned jobs,
                                      const progress_callback& progress);

// "tool: 3/10 points done, 1 failed" rewritten in place on stderr, only when
// stderr is a terminal and the user did not ask for quiet; `unit` names what
// is counted (a sweep's points, a comparison's presets).
class progress_line {
public:
    progress_line(std::string tool, std::size_t total, bool quiet, std::string unit = "points");
    void update(std::size_t done, std::size_t failed);
    void finish();

private:
    std::string m_tool;
    std::string m_unit;
    std::size_t m_total;
    bool m_enabled;
    bool m_drawn = false;
};

} // namespace lumen::tools
