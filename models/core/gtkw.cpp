// SPDX-License-Identifier: Apache-2.0
#include "models/core/gtkw.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <string>

namespace lumen::gtkw {

namespace {

// The window a save file opens: wide enough for the signal names and
// values, the rest for the waves.
constexpr unsigned window_width = 1600, window_height = 900;
constexpr unsigned signals_width = 300, tree_width = 250;
constexpr unsigned wave_pane = window_width - signals_width - tree_width;

// Group flags: 0x200 blank row, 0x1000 collapsed, 0x400000 closed,
// 0x800000 group begin, 0x1000000 group end.
constexpr unsigned group_begin_open = 0x800200, group_begin_closed = 0xc00200;
constexpr unsigned group_end_open = 0x1000200, group_end_closed = 0x1401200;
// A blank row that stretches the analog plot above it.
constexpr unsigned analog_extension = 0x20000;

} // namespace

double zoom_for(uint64_t span_ps, unsigned pane_pixels) {
    if (span_ps == 0) span_ps = 1;
    return -std::log2(static_cast<double>(span_ps) / pane_pixels);
}

save_file::save_file(const std::string& dumpfile) {
    m_text = fmt::format("[dumpfile] \"{}\"\n", dumpfile);
}

void save_file::comment(const std::string& line) {
    m_text += fmt::format("[*] {}\n", line);
}

void save_file::window(uint64_t start_ps, uint64_t end_ps, std::optional<uint64_t> marker_ps) {
    // The zoom line: zoom, primary marker (-1: none), then 26 named markers.
    std::string markers;
    for (int i = 0; i < 26; ++i) markers += " -1";
    m_text += fmt::format("[timestart] {}\n[size] {} {}\n[pos] -1 -1\n*{:.6f} {}{}\n"
                          "[sst_width] {}\n[signals_width] {}\n",
                          start_ps, window_width, window_height,
                          zoom_for(end_ps > start_ps ? end_ps - start_ps : 1, wave_pane),
                          marker_ps ? std::to_string(*marker_ps) : std::string("-1"), markers,
                          tree_width, signals_width);
}

void save_file::begin_group(const std::string& name, bool open) {
    m_text += fmt::format("@{:x}\n-{}\n", open ? group_begin_open : group_begin_closed, name);
    m_groups.emplace_back(name, open);
}

void save_file::end_group() {
    if (m_groups.empty()) return;
    const auto& [name, open] = m_groups.back();
    m_text += fmt::format("@{:x}\n-{}\n", open ? group_end_open : group_end_closed, name);
    m_groups.pop_back();
}

void save_file::signal(const std::string& path, style s) {
    m_text += fmt::format("@{:x}\n{}\n", static_cast<unsigned>(s), path);
    if (s == style::analog) {
        m_text += fmt::format("@{:x}\n", analog_extension);
        for (unsigned r = 1; r < analog_rows; ++r) m_text += "-\n";
    }
}

std::vector<vcd_var> read_vcd_vars(const std::string& vcd_path) {
    std::vector<vcd_var> vars;
    std::ifstream in(vcd_path);
    std::vector<std::string> scopes;
    std::string word;
    // Declarations are words up to $enddefinitions: "$scope module NAME
    // $end", "$upscope $end", "$var TYPE WIDTH CODE NAME [RANGE] $end".
    while (in >> word && word != "$enddefinitions") {
        if (word == "$scope") {
            std::string kind, name;
            in >> kind >> name;
            scopes.push_back(name);
        } else if (word == "$upscope") {
            if (!scopes.empty()) scopes.pop_back();
        } else if (word == "$var") {
            std::string type, code, name, range;
            unsigned width = 0;
            in >> type >> width >> code >> name >> range;
            std::string full;
            for (const auto& scope : scopes) full += scope + '.';
            full += name;
            if (range != "$end") full += range;
            vars.push_back({full, width});
        }
    }
    return vars;
}

bool save_file::write(const std::string& path) const {
    std::ofstream out(path);
    out << m_text;
    return static_cast<bool>(out);
}

} // namespace lumen::gtkw
