// SPDX-License-Identifier: Apache-2.0
// The current simulation time in picoseconds, read inline. sc_time_stamp()
// is an out-of-line library call, and a message's path asks for the time
// about seventy times; this reads the same field of the same context.
#pragma once

#include <systemc>

#include <cstdint>

namespace lumen {

inline uint64_t now_ps() {
    return sc_core::sc_get_curr_simcontext()->time_stamp().value();
}

} // namespace lumen
