// SPDX-License-Identifier: Apache-2.0
// VCD tracing of model state for GTKWave. Models register plain members under
// their hierarchical names; --trace-filter GLOB keeps only matching names. No
// tracer, no cost: nothing is sampled unless a run asked for a VCD. Beside
// run.vcd it writes run.gtkw, a GTKWave save file with the signals grouped
// by the module that owns them (each link direction, switch, GPU).
#pragma once

#include <systemc>

#include <fnmatch.h>
#include <string>
#include <type_traits>
#include <vector>

namespace lumen {

class tracer {
public:
    tracer(const std::string& vcd_path, const std::string& filter);
    ~tracer(); // closes the VCD and writes the .gtkw beside it
    tracer(const tracer&) = delete;
    tracer& operator=(const tracer&) = delete;

    bool wanted(const std::string& name) const {
        return m_filter.empty() || fnmatch(m_filter.c_str(), name.c_str(), 0) == 0;
    }

    template <typename T> void add(const T& value, const std::string& name) {
        if (m_offered++ == 0) m_example = name;
        if (!wanted(name)) return;
        sc_core::sc_trace(m_file, value, name);
        unsigned bits = std::is_same_v<T, bool> ? 1u : unsigned(sizeof(T) * 8);
        m_signals.push_back({name, std::is_floating_point_v<T> ? 0u : bits});
    }

    // The signals added from here on form one section of the save file (a
    // tier's links, a level's switches): the first section opens expanded,
    // the later ones collapsed, so a large fabric opens readable.
    void section(const std::string& name) { m_signals.push_back({name, section_mark}); }

    size_t signals() const;
    // After the models registered their signals, before the run: a
    // --trace-filter that kept none is a usage error (config_error naming it).
    void require_match() const;
    std::string gtkw_path() const;

private:
    struct signal {
        std::string name;
        unsigned bits; // 0 for a real value; section_mark for a section's start
    };
    static constexpr unsigned section_mark = ~0u;
    void write_gtkw() const;

    sc_core::sc_trace_file* m_file;
    std::string m_vcd_path;
    std::string m_filter;
    std::vector<signal> m_signals;
    size_t m_offered = 0;  // signals the models offered, kept or not
    std::string m_example; // the first of them, for the error
};

} // namespace lumen
