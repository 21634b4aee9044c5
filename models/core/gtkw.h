// SPDX-License-Identifier: Apache-2.0
// GTKWave save files (.gtkw): the dump they open, the time window they open
// on, and the signals in groups, each shown as a bit, a number or an analog
// step plot. Plain C++: the platforms' tracer and lumen-cosim both write
// them. docs/traces.md describes what each save file shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lumen::gtkw {

// How a signal is drawn. GTKWave's trace flags (its analyzer.h): 0x2 hex,
// 0x4 decimal, 0x8 binary, 0x20 right-justified, 0x8000 analog step.
enum class style : unsigned {
    bit = 0x28,      // a wire
    decimal = 0x24,  // a vector as a right-justified decimal number
    hex = 0x22,      // a vector in hex
    binary = 0x28,   // a vector bit by bit (line-code symbols)
    analog = 0x8024, // a counter as a step plot, its value readable beside it
};

// Rows an analog plot takes (GTKWave stretches a plot over blank rows).
inline constexpr unsigned analog_rows = 3;

class save_file {
public:
    // dumpfile: the VCD, as GTKWave should find it (an absolute path or one
    // relative to where gtkwave starts).
    explicit save_file(const std::string& dumpfile);

    void comment(const std::string& line);
    // Opens on [start_ps, end_ps] (the dump's time unit is 1 ps), with
    // GTKWave's marker at marker_ps if one is given.
    void window(uint64_t start_ps, uint64_t end_ps, std::optional<uint64_t> marker_ps = {});
    // A group: open shows its signals, closed shows its name only.
    void begin_group(const std::string& name, bool open);
    void end_group();
    void signal(const std::string& path, style s);

    const std::string& text() const { return m_text; }
    // False when the file cannot be written.
    bool write(const std::string& path) const;

private:
    std::string m_text;
    std::vector<std::pair<std::string, bool>> m_groups; // nested groups begun: name, open
};

// A signal of a VCD as GTKWave names it: its scopes, its name and its
// range, "rtl.cosim_top_8b10b.symbol_o[3][9:0]", "SystemC.xactor.k_i[31:0]".
struct vcd_var {
    std::string name;
    unsigned width;
};
// The signals a VCD declares, in its order; empty when it cannot be read.
std::vector<vcd_var> read_vcd_vars(const std::string& vcd_path);

// The zoom GTKWave needs to show span_ps across a wave pane of pane_pixels:
// it draws 2^-zoom time units per pixel.
double zoom_for(uint64_t span_ps, unsigned pane_pixels);

} // namespace lumen::gtkw
