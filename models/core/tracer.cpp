// SPDX-License-Identifier: Apache-2.0
#include "models/core/tracer.h"

#include "models/core/calendar.h"
#include "models/core/config.h"
#include "models/core/gtkw.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace lumen {

namespace {

std::string without_vcd_suffix(const std::string& path) {
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".vcd") == 0)
        return path.substr(0, path.size() - 4);
    return path;
}

// Module groups a first section may show open at once before only its first
// one opens: a point-to-point run opens whole, a 64-GPU pod as a list.
constexpr size_t open_groups_max = 8;

bool parse_us(const std::string& text, double& us) {
    char* end = nullptr;
    us = std::strtod(text.c_str(), &end);
    return !text.empty() && end != text.c_str() && *end == '\0' && std::isfinite(us);
}

} // namespace

tracer::tracer(const std::string& vcd_path, const std::string& filter,
               std::optional<trace_window> window)
    : m_vcd_path(vcd_path)
    , m_filter(filter)
    , m_window(window) {
    // SystemC appends ".vcd" itself.
    m_file = sc_core::sc_create_vcd_trace_file(without_vcd_suffix(vcd_path).c_str());
    m_file->set_time_unit(1, sc_core::SC_PS);
    // The trace samples model state at the kernel's time steps.
    calendar::current().follow_kernel();
}

tracer::~tracer() {
    sc_core::sc_close_vcd_trace_file(m_file);
    const auto end_ps =
        static_cast<uint64_t>(std::llround(sc_core::sc_time_stamp().to_seconds() * 1e12));
    write_gtkw(window_to_show(end_ps));
}

trace_window tracer::parse_window(const std::string& text) {
    const size_t colon = text.find(':');
    double start = 0, end = 0;
    if (colon == std::string::npos || !parse_us(text.substr(0, colon), start) ||
        !parse_us(text.substr(colon + 1), end))
        throw config_error(fmt::format("--trace-window '{}' is not START:END in us "
                                       "(e.g. 10:15)",
                                       text));
    // The bound is sim.max_time_us's: picoseconds of it fit in 64 bits.
    constexpr double max_us = 1e9;
    if (start < 0 || end <= start || end > max_us)
        throw config_error(fmt::format("--trace-window '{}' has START = {:g}, END = {:g} us; "
                                       "allowed: 0 <= START < END <= {:g}",
                                       text, start, end, max_us));
    return {static_cast<uint64_t>(std::llround(start * 1e6)),
            static_cast<uint64_t>(std::llround(end * 1e6))};
}

size_t tracer::signals() const {
    size_t n = 0;
    for (const auto& s : m_signals) n += s.bits != section_mark;
    return n;
}

void tracer::require_match() const {
    if (m_filter.empty() || signals() > 0) return;
    throw config_error(fmt::format("--trace-filter '{}' matches none of the {} traced signals; "
                                   "names look like '{}' (a glob: * and ? match any text)",
                                   m_filter, m_offered, m_example));
}

std::string tracer::gtkw_path() const {
    return without_vcd_suffix(m_vcd_path) + ".gtkw";
}

trace_window tracer::window_to_show(uint64_t end_ps) const {
    if (m_window) return *m_window;
    // From a little before the first traffic (on a whole 100 ns), so that
    // its first edge is on screen, for default_window_ps or to the end.
    const uint64_t first = first_traffic_ps(without_vcd_suffix(m_vcd_path) + ".vcd").value_or(0);
    const uint64_t start = first >= 100'000 ? (first - 100'000) / 100'000 * 100'000 : 0;
    uint64_t end = start + default_window_ps;
    if (end_ps > start && end_ps < end) end = end_ps;
    return {start, end};
}

void tracer::write_gtkw(const trace_window& w) const {
    const std::string vcd = without_vcd_suffix(m_vcd_path) + ".vcd";
    gtkw::save_file f(vcd);
    f.comment(fmt::format("opens on {:g} .. {:g} us (--trace-window START:END chooses)",
                          static_cast<double>(w.start_ps) / 1e6,
                          static_cast<double>(w.end_ps) / 1e6));
    f.window(w.start_ps, w.end_ps);

    // Sections with the module groups in them; sections that kept no
    // signal (the filter, a plane without that tier) are left out.
    struct module_group {
        std::string owner;
        std::vector<const signal*> signals;
    };
    struct section_groups {
        std::string name; // "" before the first section mark
        std::vector<module_group> groups;
    };
    std::vector<section_groups> sections(1);
    for (const auto& s : m_signals) {
        if (s.bits == section_mark) {
            sections.push_back({s.name, {}});
            continue;
        }
        auto& groups = sections.back().groups;
        std::string owner = s.name.substr(0, s.name.rfind('.'));
        if (groups.empty() || groups.back().owner != owner) groups.push_back({owner, {}});
        groups.back().signals.push_back(&s);
    }

    bool first = true;
    for (const auto& sec : sections) {
        if (sec.groups.empty()) continue;
        if (!sec.name.empty()) f.begin_group(sec.name, first);
        const bool all_fit = sec.groups.size() <= open_groups_max;
        for (size_t g = 0; g < sec.groups.size(); ++g) {
            f.begin_group(sec.groups[g].owner, first && (all_fit || g == 0));
            for (const signal* s : sec.groups[g].signals) {
                // SystemC's VCD puts every signal under a top scope named
                // SystemC; a counter is a step plot, a flag a wire.
                if (s->bits == 1)
                    f.signal("SystemC." + s->name, gtkw::style::bit);
                else if (s->bits == 0)
                    f.signal("SystemC." + s->name, gtkw::style::analog);
                else
                    f.signal(fmt::format("SystemC.{}[{}:0]", s->name, s->bits - 1),
                             gtkw::style::analog);
            }
            f.end_group();
        }
        if (!sec.name.empty()) f.end_group();
        first = false;
    }
    f.write(gtkw_path());
}

std::optional<uint64_t> first_traffic_ps(const std::string& vcd_path) {
    std::ifstream in(vcd_path);
    std::string line;
    // Header: scopes nest; a $var names its identifier code and leaf name.
    std::set<std::string> busy_codes;
    while (std::getline(in, line)) {
        if (line.find("$enddefinitions") != std::string::npos) break;
        std::istringstream words(line);
        std::string keyword, type, width, code, name;
        words >> keyword;
        if (keyword == "$var" && words >> type >> width >> code >> name && name == "busy")
            busy_codes.insert(code);
    }
    // Value changes: "#time", then "1code" / "0code" / "b... code" / "r... code".
    uint64_t now = 0;
    std::optional<uint64_t> first_change;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line[0] == '#') {
            now = std::strtoull(line.c_str() + 1, nullptr, 10);
            if (now > 0 && !first_change) first_change = now;
            // Without a busy signal, the first change is the answer.
            if (busy_codes.empty() && first_change) return first_change;
            continue;
        }
        if (line[0] == '1' && busy_codes.count(line.substr(1))) return now;
    }
    return first_change;
}

} // namespace lumen
