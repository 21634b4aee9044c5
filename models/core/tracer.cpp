// SPDX-License-Identifier: Apache-2.0
#include "models/core/tracer.h"

#include "models/core/config.h"

#include <fmt/format.h>

#include <cstdio>

namespace lumen {

namespace {

std::string without_vcd_suffix(const std::string& path) {
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".vcd") == 0)
        return path.substr(0, path.size() - 4);
    return path;
}

} // namespace

tracer::tracer(const std::string& vcd_path, const std::string& filter)
    : m_vcd_path(vcd_path)
    , m_filter(filter) {
    // SystemC appends ".vcd" itself.
    m_file = sc_core::sc_create_vcd_trace_file(without_vcd_suffix(vcd_path).c_str());
    m_file->set_time_unit(1, sc_core::SC_PS);
}

tracer::~tracer() {
    sc_core::sc_close_vcd_trace_file(m_file);
    write_gtkw();
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

void tracer::write_gtkw() const {
    std::FILE* out = std::fopen(gtkw_path().c_str(), "w");
    if (!out) return;
    // GTKWave save-file flags: 0x800200 opens a group, 0x1000200 closes it;
    // 0x28 shows a bit, 0x24 a right-justified decimal vector.
    std::string vcd = without_vcd_suffix(m_vcd_path) + ".vcd";
    fmt::print(out, "[dumpfile] \"{}\"\n[timestart] 0\n[sst_width] 260\n[signals_width] 280\n",
               vcd);
    // GTKWave flags: 0xc00200 opens a collapsed group, 0x1401200 closes it.
    std::string group, section;
    bool section_open = false, first_section = true;
    auto close_group = [&] {
        if (!group.empty()) fmt::print(out, "@1000200\n-{}\n", group);
        group.clear();
    };
    auto close_section = [&] {
        close_group();
        if (section_open)
            fmt::print(out, "{}\n-{}\n", first_section ? "@1000200" : "@1401200", section);
        if (section_open) first_section = false;
        section_open = false;
    };
    for (const auto& s : m_signals) {
        if (s.bits == section_mark) {
            close_section();
            section = s.name;
            section_open = true;
            fmt::print(out, "{}\n-{}\n", first_section ? "@800200" : "@c00200", section);
            continue;
        }
        std::string owner = s.name.substr(0, s.name.rfind('.'));
        if (owner != group) {
            close_group();
            group = owner;
            fmt::print(out, "@800200\n-{}\n", group);
        }
        // SystemC's VCD puts every signal under a top scope named SystemC.
        if (s.bits == 1)
            fmt::print(out, "@28\nSystemC.{}\n", s.name);
        else if (s.bits == 0)
            fmt::print(out, "@8024\nSystemC.{}\n", s.name);
        else
            fmt::print(out, "@24\nSystemC.{}[{}:0]\n", s.name, s.bits - 1);
    }
    close_section();
    close_group();
    std::fclose(out);
}

} // namespace lumen
