// SPDX-License-Identifier: Apache-2.0
// Logging for models: through SystemC's report handler, so every line carries
// the simulation time and the hierarchical name of the module that speaks.
// Once install_log_handler() has run, each report is one line on stderr:
//
//   [LEVEL time] module: message      e.g.  [INFO 12.345 us] p2p.link.a_to_b: lane 17 died
//
// log_info is shown with --verbose only (SC_MEDIUM: the platforms run at
// SC_LOW otherwise); its message is formatted only when it is shown, so a
// log call costs a comparison when logging is off.
#pragma once

#include <fmt/format.h>
#include <systemc>

namespace lumen {

template <typename... Args>
void log_info(const sc_core::sc_object& who, fmt::format_string<Args...> f, Args&&... args) {
    SC_REPORT_INFO_VERB(who.name(), fmt::format(f, std::forward<Args>(args)...).c_str(),
                        sc_core::SC_MEDIUM);
}

template <typename... Args>
void log_debug(const sc_core::sc_object& who, fmt::format_string<Args...> f, Args&&... args) {
    SC_REPORT_INFO_VERB(who.name(), fmt::format(f, std::forward<Args>(args)...).c_str(),
                        sc_core::SC_DEBUG);
}

template <typename... Args>
void log_warning(const sc_core::sc_object& who, fmt::format_string<Args...> f, Args&&... args) {
    SC_REPORT_WARNING(who.name(), fmt::format(f, std::forward<Args>(args)...).c_str());
}

// True when log_info lines are shown: for state a model keeps only to log.
inline bool log_info_enabled() {
    return sc_core::sc_report_handler::get_verbosity_level() >= sc_core::SC_MEDIUM;
}

// The one-line format above for every report SystemC displays; the other
// actions (throw, stop, abort) stay SystemC's own.
void install_log_handler();

// The kernel's notes to a model's author, which say nothing to a user about
// their run, are dropped by their id: "no activity for sc_start()" (W571,
// when the progress line's slice ends on an idle stretch), "simulation
// stopped by user", the tracing timescale, IEEE 1666 deprecations. Every
// other warning and every error still shows.
void quiet_kernel_notes();

// One report as the handler prints it, without the newline, at the current
// time (it is made at once).
std::string format_log_line(const sc_core::sc_report& report);

} // namespace lumen
