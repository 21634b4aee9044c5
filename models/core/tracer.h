// SPDX-License-Identifier: Apache-2.0
// VCD tracing of model state for GTKWave. Models register plain members under
// their hierarchical names; --trace-filter GLOB keeps only matching names. No
// tracer, no cost: nothing is sampled unless a run asked for a VCD.
#pragma once

#include <systemc>

#include <fnmatch.h>
#include <string>

namespace lumen {

class tracer {
public:
    // `file` without the .vcd suffix is what sc_create_vcd_trace_file wants.
    tracer(const std::string& vcd_path, const std::string& filter);
    ~tracer();
    tracer(const tracer&) = delete;
    tracer& operator=(const tracer&) = delete;

    bool wanted(const std::string& name) const {
        return m_filter.empty() || fnmatch(m_filter.c_str(), name.c_str(), 0) == 0;
    }

    template <typename T>
    void add(const T& value, const std::string& name) {
        if (!wanted(name)) return;
        sc_core::sc_trace(m_file, value, name);
        ++m_signals;
    }

    unsigned signals() const { return m_signals; }

private:
    sc_core::sc_trace_file* m_file;
    std::string m_filter;
    unsigned m_signals = 0;
};

} // namespace lumen
