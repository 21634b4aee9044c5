// SPDX-License-Identifier: Apache-2.0
// Runs the kernel up to a simulated-time limit and, when asked, shows
// progress on stderr: on a terminal one line redrawn in place (simulated
// time, share of the workload done, an estimate of the wall time left and
// transactions per wall-clock second); for a log, a line per tenth of the
// workload done (transactions completed, lost, corrupted, CPU seconds).
// Progress runs the kernel in slices of simulated time, which changes no
// event's order, so results stay the same.
#pragma once

#include "models/core/stats.h"

#include <systemc>

#include <cstdint>
#include <functional>
#include <string>

namespace lumen {

enum class progress_style {
    NONE,
    TERMINAL, // one line redrawn in place
    LOG,      // a line per tenth of the work (a long run into a file)
};

struct sim_progress {
    std::function<double()> fraction_done;  // 0 .. 1
    std::function<uint64_t()> transactions; // completed so far
    // LOG: counts so far (lost: given up; mismatches: corrupted data seen).
    std::function<transaction_counts()> counts;
    progress_style style = progress_style::TERMINAL;
};

// Returns when `done()` holds, the limit is reached, or no event is left.
void run_simulation(const sc_core::sc_time& limit, const std::function<bool()>& done,
                    const sim_progress* progress);

// "about 12 s left" when `done` of the work took `wall_s` seconds.
std::string time_left(double wall_s, double done);

// Progress is for a person watching: only when stderr is a terminal.
bool stderr_is_terminal();

} // namespace lumen
