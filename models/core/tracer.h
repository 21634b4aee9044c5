// SPDX-License-Identifier: Apache-2.0
// VCD tracing of model state for GTKWave. Models register plain members under
// their hierarchical names; --trace-filter GLOB keeps only matching names. No
// tracer, no cost: nothing is sampled unless a run asked for a VCD. Beside
// run.vcd it writes run.gtkw, a GTKWave save file (docs/traces.md): the
// signals grouped by the module that owns them (each link direction, switch,
// GPU) within sections (a tier's links, a level's switches), counters as
// analog step plots, opening on the first microseconds of traffic or on the
// window --trace-window names.
#pragma once

#include <systemc>

#include <fnmatch.h>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace lumen {

// The time window a save file opens on, in ps of simulated time.
struct trace_window {
    uint64_t start_ps = 0, end_ps = 0;
};

class tracer {
public:
    // The window the save file opens on when no --trace-window names one:
    // this much from the first traffic on.
    static constexpr uint64_t default_window_ps = 5'000'000;

    // window: what --trace-window asked for, if anything.
    tracer(const std::string& vcd_path, const std::string& filter,
           std::optional<trace_window> window = std::nullopt);
    ~tracer(); // closes the VCD and writes the .gtkw beside it
    tracer(const tracer&) = delete;
    tracer& operator=(const tracer&) = delete;

    // --trace-window START:END in us: START >= 0, END > START, both finite.
    // Throws config_error naming the option and what is allowed.
    static trace_window parse_window(const std::string& text);

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
    trace_window window_to_show(uint64_t end_ps) const;
    void write_gtkw(const trace_window& w) const;

    sc_core::sc_trace_file* m_file;
    std::string m_vcd_path;
    std::string m_filter;
    std::optional<trace_window> m_window;
    std::vector<signal> m_signals;
    size_t m_offered = 0;  // signals the models offered, kept or not
    std::string m_example; // the first of them, for the error
};

// The first time in a VCD at which a signal named "busy" (a link's
// serializer, a traffic engine) goes to 1, or else the first time after 0
// at which anything changes; nothing when nothing does. It reads no further
// than that time.
std::optional<uint64_t> first_traffic_ps(const std::string& vcd_path);

} // namespace lumen
