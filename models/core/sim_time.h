// SPDX-License-Identifier: Apache-2.0
// The current simulation time in picoseconds, read inline. sc_time_stamp()
// is an out-of-line library call, and a message's path asks for the time
// about seventy times; this reads the same field of the same context.
//
// The calendar (models/core/calendar.h) may run its wakes ahead of the
// kernel's time, when the kernel has nothing to do before them: then the
// current time is the calendar's, later than the kernel's. Models read the
// time here, never with sc_time_stamp(), and notify kernel events through
// calendar::notify_kernel().
#pragma once

#include <systemc>

#include <algorithm>
#include <cstdint>

namespace lumen {

namespace detail {
// The time of the wakes the calendar runs ahead of the kernel; never later
// than the kernel's time once the kernel has moved on.
inline uint64_t calendar_ahead_ps = 0;
} // namespace detail

// The kernel's own time.
inline uint64_t kernel_ps() {
    return sc_core::sc_get_curr_simcontext()->time_stamp().value();
}

inline uint64_t now_ps() {
    return std::max(kernel_ps(), detail::calendar_ahead_ps);
}

} // namespace lumen
