// SPDX-License-Identifier: Apache-2.0
#include "testbench/cosim_gtkw.h"

#include "models/core/gtkw.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <vector>

namespace lumen::cosim {

namespace {

using gtkw::style;

constexpr uint64_t cycle_ps = 1000; // the co-simulation's 1 ns clock
// Cycles shown: enough to read symbols one by one.
constexpr uint64_t window_cycles = 64;

// The dump's signals by name without the range (what the layouts below ask
// for), with their names as GTKWave wants them.
struct dump_signals {
    std::map<std::string, gtkw::vcd_var> by_base;
    explicit dump_signals(const std::string& vcd) {
        for (const gtkw::vcd_var& v : gtkw::read_vcd_vars(vcd)) {
            std::string base = v.name;
            // "data_i[0][7:0]": the range is the last bracket; "data_i[0]"
            // of a 1-lane top keeps its index.
            if (size_t b = base.rfind('[');
                b != std::string::npos && base.find(':', b) != std::string::npos)
                base.erase(b);
            by_base.emplace(base, v);
        }
    }
    // Adds the signal if the dump has it.
    void add(gtkw::save_file& f, const std::string& base, style s) const {
        auto it = by_base.find(base);
        if (it == by_base.end()) return;
        f.signal(it->second.name, it->second.width == 1 ? style::bit : s);
    }
    // Lane l of an RTL port, "data_i[l]"; a 1-lane top may declare it
    // without the index.
    void add_lane(gtkw::save_file& f, const std::string& base, unsigned l, style s) const {
        const std::string indexed = fmt::format("{}[{}]", base, l);
        add(f, by_base.count(indexed) || l > 0 ? indexed : base, s);
    }
};

// The per-lane flag masks of each top, bit L for lane L.
std::vector<std::string> flag_masks(bool b8) {
    if (b8) return {"k_i", "kerr_o", "rd_o", "dec_k_o", "code_err_o", "disp_err_o"};
    return {"ctrl_i", "err_o", "dec_ctrl_o", "header_err_o", "type_err_o"};
}

void open_window(gtkw::save_file& f, const cosim_result& r) {
    // Around the first mismatch, marker on it; else the stream's start.
    if (r.first_mismatch) {
        const uint64_t c = r.first_mismatch->cycle;
        const uint64_t start = c > window_cycles / 4 ? c - window_cycles / 4 : 0;
        f.comment(fmt::format("marker: the first mismatch, cycle {}, lane {}", c,
                              r.first_mismatch->lane));
        f.window(start * cycle_ps, (start + window_cycles) * cycle_ps, c * cycle_ps);
    } else {
        f.window(0, window_cycles * cycle_ps);
    }
}

bool write_rtl(const cosim_result& r, const std::string& vcd) {
    const bool b8 = r.options.enc == encoding::ENC_8B10B;
    const std::string top = b8 ? "rtl.cosim_top_8b10b." : "rtl.cosim_top_64b66b.";
    dump_signals d(vcd);
    gtkw::save_file f(vcd);
    f.comment(fmt::format("lumen-cosim --encoding {} --lanes {}: the RTL's pins, lane by lane",
                          r.encoding_name, r.options.lanes));
    open_window(f, r);
    f.begin_group("Handshake", true);
    for (const char* s : {"clk_i", "rst_ni", "valid_i", "ready_o", "enc_valid_o", "enc_ready_o",
                          "dec_valid_o", "dec_ready_i"})
        d.add(f, top + s, style::bit);
    f.end_group();
    for (unsigned l = 0; l < r.options.lanes; ++l) {
        f.begin_group(fmt::format("Lane {}", l), true);
        d.add_lane(f, top + "data_i", l, style::hex);
        if (b8) {
            d.add_lane(f, top + "symbol_o", l, style::binary); // abcdei fghj, a = bit 9
        } else {
            d.add_lane(f, top + "enc_data_o", l, style::hex);
            d.add_lane(f, top + "header_o", l, style::binary);
        }
        d.add_lane(f, top + "dec_data_o", l, style::hex);
        f.end_group();
    }
    f.begin_group("Per-lane flags (bit L = lane L)", true);
    for (const std::string& s : flag_masks(b8)) d.add(f, top + s, style::binary);
    f.end_group();
    f.begin_group("Scoreboard", true);
    d.add(f, top + "sb_checked_i", style::analog);
    d.add(f, top + "sb_mismatch_i", style::bit);
    f.end_group();
    return f.write(gtkw_path(vcd));
}

bool write_testbench(const cosim_result& r, const std::string& vcd) {
    const bool b8 = r.options.enc == encoding::ENC_8B10B;
    const std::string x = "SystemC.xactor.", sb = "SystemC.scoreboard.";
    dump_signals d(vcd);
    gtkw::save_file f(vcd);
    f.comment(fmt::format("lumen-cosim --encoding {} --lanes {}: the testbench's view, the "
                          "reference's expected symbol beside the RTL's",
                          r.encoding_name, r.options.lanes));
    open_window(f, r);
    f.begin_group("Handshake", true);
    for (const char* s : {"rst_n", "valid_i", "ready_o", "enc_valid_o", "enc_ready_o",
                          "dec_valid_o", "dec_ready_i"})
        d.add(f, x + s, style::bit);
    f.end_group();
    for (unsigned l = 0; l < r.options.lanes; ++l) {
        const std::string i = fmt::format("_{}", l);
        f.begin_group(fmt::format("Lane {}", l), true);
        d.add(f, x + "data_i" + i, style::hex);
        if (b8) {
            d.add(f, x + "symbol_o" + i, style::binary);
            d.add(f, sb + "expected" + i, style::binary);
        } else {
            d.add(f, x + "enc_data_o" + i, style::hex);
            d.add(f, sb + "expected" + i, style::hex);
            d.add(f, x + "header_o" + i, style::binary);
            d.add(f, sb + "expected_header" + i, style::binary);
        }
        d.add(f, x + "dec_data_o" + i, style::hex);
        f.end_group();
    }
    f.begin_group("Per-lane flags (bit L = lane L)", true);
    for (const std::string& s : flag_masks(b8)) d.add(f, x + s, style::binary);
    f.end_group();
    f.begin_group("Scoreboard", true);
    d.add(f, sb + "checked", style::analog);
    d.add(f, sb + "mismatch", style::bit);
    f.end_group();
    return f.write(gtkw_path(vcd));
}

} // namespace

std::string gtkw_path(const std::string& vcd) {
    std::filesystem::path p(vcd);
    return (p.parent_path() / (p.stem().string() + ".gtkw")).string();
}

bool write_cosim_gtkw(const cosim_result& r) {
    const std::string& vcd = r.options.vcd;
    return write_rtl(r, vcd) && write_testbench(r, testbench_vcd_path(vcd));
}

} // namespace lumen::cosim
