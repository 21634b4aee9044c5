// SPDX-License-Identifier: Apache-2.0
// Logging for models: through SystemC's report handler, so every line carries
// the simulation time and the hierarchical name of the module that speaks.
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

} // namespace lumen
