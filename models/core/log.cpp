// SPDX-License-Identifier: Apache-2.0
#include "models/core/log.h"

#include "models/core/sim_time.h"

#include <sysc/kernel/sc_kernel_ids.h>
#include <sysc/tracing/sc_tracing_ids.h>
#include <sysc/utils/sc_utils_ids.h>

#include <cstdio>

namespace lumen {

using namespace sc_core;

namespace {

const char* level_name(sc_severity s) {
    switch (s) {
    case SC_INFO:
        return "INFO";
    case SC_WARNING:
        return "WARNING";
    case SC_ERROR:
        return "ERROR";
    default:
        return "FATAL";
    }
}

void log_handler(const sc_report& report, const sc_actions& actions) {
    if (actions & SC_DISPLAY) {
        const std::string line = format_log_line(report) + "\n";
        std::fputs(line.c_str(), stderr);
    }
    sc_report_handler::default_handler(report, actions & ~SC_DISPLAY);
}

} // namespace

std::string format_log_line(const sc_report& report) {
    // Microseconds with picosecond resolution: the kernel's time unit. The
    // report is formatted as it is made, so the current time is its time:
    // now_ps(), since while the calendar runs ahead of the kernel the time
    // the report carries is the kernel's, earlier.
    return fmt::format("[{} {:.6f} us] {}: {}", level_name(report.get_severity()),
                       sc_time::from_value(now_ps()).to_seconds() * 1e6, report.get_msg_type(),
                       report.get_msg());
}

void quiet_kernel_notes() {
    for (const char* id : {SC_ID_NO_SC_START_ACTIVITY_, SC_ID_TRACING_TIMESCALE_DEFAULT_,
                           SC_ID_TRACING_TIMESCALE_UNIT_, SC_ID_IEEE_1666_DEPRECATION_})
        sc_report_handler::set_actions(id, SC_DO_NOTHING);
    // sc_stop()'s own note has no id of its own, only this message type.
    sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING);
}

void install_log_handler() {
    sc_report_handler::set_handler(log_handler);
}

} // namespace lumen
