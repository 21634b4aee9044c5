// SPDX-License-Identifier: Apache-2.0
#include "models/platform/sim_runner.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <unistd.h>

namespace lumen {

using namespace sc_core;

bool stderr_is_terminal() {
    return isatty(fileno(stderr)) != 0;
}

void run_simulation(const sc_time& limit, const std::function<bool()>& done,
                    const sim_progress* progress) {
    if (!progress) {
        sc_start(limit, SC_EXIT_ON_STARVATION);
        return;
    }
    using clock = std::chrono::steady_clock;
    auto start = clock::now();
    auto last_print = start;
    // Slices of simulated time that grow until one takes about 0.2 s of wall time.
    sc_time slice(1, SC_US);
    do {
        sc_time step = std::min(slice, limit - sc_time_stamp());
        auto before = clock::now();
        sc_start(step, SC_EXIT_ON_STARVATION);
        auto now = clock::now();
        if (now - before < std::chrono::milliseconds(50)) slice = slice * 2.0;
        if (now - last_print > std::chrono::milliseconds(200)) {
            double wall = std::chrono::duration<double>(now - start).count();
            fmt::print(stderr,
                       "\r  {:>12.3f} us simulated  {:5.1f} % done  {:>10.0f} transactions/s ",
                       sc_time_stamp().to_seconds() * 1e6, 100.0 * progress->fraction_done(),
                       double(progress->transactions()) / wall);
            std::fflush(stderr);
            last_print = now;
        }
    } while (!done() && sc_time_stamp() < limit && sc_pending_activity());
    fmt::print(stderr, "\r{:80}\r", "");
}

} // namespace lumen
