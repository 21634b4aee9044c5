// SPDX-License-Identifier: Apache-2.0
#include "models/core/log.h"

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
    // Microseconds with picosecond resolution: the kernel's time unit.
    return fmt::format("[{} {:.6f} us] {}: {}", level_name(report.get_severity()),
                       report.get_time().to_seconds() * 1e6, report.get_msg_type(),
                       report.get_msg());
}

void install_log_handler() {
    sc_report_handler::set_handler(log_handler);
}

} // namespace lumen
