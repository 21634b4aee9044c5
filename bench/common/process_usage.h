// SPDX-License-Identifier: Apache-2.0
// What the benchmarks report of their own process: CPU time, the figure that
// stays comparable on a busy machine, and peak resident memory.
#pragma once

#include <sys/resource.h>

#include <ctime>

namespace lumen::bench {

inline double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

inline double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0; // Linux reports KiB
}

} // namespace lumen::bench
