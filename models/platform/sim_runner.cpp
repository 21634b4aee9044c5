// SPDX-License-Identifier: Apache-2.0
#include "models/platform/sim_runner.h"

#include "models/core/calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <unistd.h>

namespace lumen {

using namespace sc_core;

bool stderr_is_terminal() {
    return isatty(fileno(stderr)) != 0;
}

// The wall time left if the rest goes at the pace so far.
std::string time_left(double wall_s, double done) {
    if (done <= 0.0) return "about ? s left";
    const double left = wall_s * (1.0 - done) / done;
    if (left < 60) return fmt::format("about {:2.0f} s left", left);
    if (left < 3600) return fmt::format("about {:.0f} min left", left / 60);
    return fmt::format("about {:.1f} h left", left / 3600);
}

namespace {

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// A line for each tenth of the work done since the last one.
void log_tenths(const sim_progress& p, int& tenths_shown, double cpu_start) {
    const double done = std::clamp(p.fraction_done(), 0.0, 1.0);
    const int tenths = int(std::floor(done * 10.0 + 1e-9));
    if (tenths <= tenths_shown) return;
    tenths_shown = tenths;
    const transaction_counts t = p.counts();
    fmt::print(stderr, "  {:3d} % done  {} completed  {} lost  {} corrupted  {:.1f} CPU s\n",
               10 * tenths, t.completed, t.lost, t.mismatches, cpu_seconds() - cpu_start);
    std::fflush(stderr);
}

} // namespace

void run_simulation(const sc_time& limit, const std::function<bool()>& done,
                    const sim_progress* progress) {
    // The calendar's wakes may run ahead of the kernel's time within each
    // sc_start, never to its end.
    calendar& wakes = calendar::current();
    auto run_for = [&wakes](const sc_time& span) {
        wakes.run_ahead_until(kernel_ps() + uint64_t(span.value()));
        sc_start(span, SC_EXIT_ON_STARVATION);
        wakes.run_ahead_until(0);
    };
    if (!progress || progress->style == progress_style::NONE) {
        run_for(limit);
        return;
    }
    using clock = std::chrono::steady_clock;
    auto start = clock::now();
    auto last_print = start;
    const bool log = progress->style == progress_style::LOG;
    const double cpu_start = cpu_seconds();
    int tenths_shown = 0;
    // Slices of simulated time that grow until one takes about 0.2 s of wall time.
    sc_time slice(1, SC_US);
    do {
        sc_time step = std::min(slice, limit - sc_time_stamp());
        auto before = clock::now();
        run_for(step);
        auto now = clock::now();
        if (now - before < std::chrono::milliseconds(50)) slice = slice * 2.0;
        if (log) {
            log_tenths(*progress, tenths_shown, cpu_start);
        } else if (now - last_print > std::chrono::milliseconds(200)) {
            const double wall = std::chrono::duration<double>(now - start).count();
            const double done = std::clamp(progress->fraction_done(), 0.0, 1.0);
            fmt::print(stderr,
                       "\r  {:>12.3f} us simulated  {:5.1f} % done  {}  {:>10.0f} transactions/s ",
                       sc_time_stamp().to_seconds() * 1e6, 100.0 * done, time_left(wall, done),
                       double(progress->transactions()) / wall);
            std::fflush(stderr);
            last_print = now;
        }
    } while (!done() && sc_time_stamp() < limit && sc_pending_activity());
    if (!log) fmt::print(stderr, "\r{:110}\r", "");
}

} // namespace lumen
