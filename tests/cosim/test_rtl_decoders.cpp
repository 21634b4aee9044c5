// SPDX-License-Identifier: Apache-2.0
// The decoder RTL on its own, fed symbols no encoder would send: every
// 10-bit pattern from both running disparities (code and disparity errors,
// Clause 36), and 66-bit blocks with bad sync headers and undefined block
// types (Clause 49), each checked against the C++ reference decoder.
#include "models/serdes/codec_64b66b.h"
#include "models/serdes/codec_8b10b.h"

#include "Vlane_decoder_64b66b.h"
#include "Vlane_decoder_8b10b.h"

#include <catch2/catch.hpp>
#include <systemc>

#include <array>
#include <deque>
#include <filesystem>
#include <random>

using lumen::serdes::codec_64b66b;
using lumen::serdes::codec_8b10b;

namespace {

// One Verilator simulation thread, as lumen-cosim runs (testbench/cosim_run.cpp):
// no worker thread the SystemC testbench would never use.
bool single_thread() {
    Verilated::threadContextp()->threads(1);
    return true;
}

// Valid and ready stay high: the decoder takes a symbol at every edge after
// reset and shows its result one edge later.
struct harness_8b10b : sc_core::sc_module {
    sc_core::sc_clock clk{"clk", 1, sc_core::SC_NS};
    sc_core::sc_signal<bool> rst_n{"rst_n", false}, valid_i{"valid_i"}, ready_o{"ready_o"},
        valid_o{"valid_o"}, ready_i{"ready_i"}, k_o{"k_o"}, code_err_o{"code_err_o"},
        disp_err_o{"disp_err_o"};
    sc_core::sc_signal<uint32_t> symbol_i{"symbol_i"}, data_o{"data_o"};
    bool one_thread = single_thread(); // before the model
    Vlane_decoder_8b10b rtl{"rtl"};

    std::mt19937_64 rng{42};
    codec_8b10b::decoder ref;
    std::deque<codec_8b10b::decoded> expected;
    std::array<std::array<bool, 1024>, 2> covered{};
    uint64_t checked = 0, mismatches = 0;

    SC_HAS_PROCESS(harness_8b10b);
    explicit harness_8b10b(const sc_core::sc_module_name& n)
        : sc_core::sc_module(n) {
        rtl.clk_i(clk);
        rtl.rst_ni(rst_n);
        rtl.valid_i(valid_i);
        rtl.ready_o(ready_o);
        rtl.symbol_i[0](symbol_i);
        rtl.valid_o(valid_o);
        rtl.ready_i(ready_i);
        rtl.data_o[0](data_o);
        rtl.k_o(k_o);
        rtl.code_err_o(code_err_o);
        rtl.disp_err_o(disp_err_o);
        SC_METHOD(on_clock);
        sensitive << clk.posedge_event();
        dont_initialize();
    }

    void on_clock() {
        if (valid_i.read() && ready_o.read()) {
            auto s = static_cast<uint16_t>(symbol_i.read());
            covered[ref.positive_rd() ? 1 : 0][s] = true;
            expected.push_back(ref.decode(s));
        }
        if (valid_o.read() && ready_i.read()) {
            REQUIRE_FALSE(expected.empty());
            const codec_8b10b::decoded& e = expected.front();
            bool same = data_o.read() == e.value && k_o.read() == e.is_k &&
                        code_err_o.read() == e.code_error && disp_err_o.read() == e.disparity_error;
            if (!same) ++mismatches;
            ++checked;
            expected.pop_front();
        }
        rst_n.write(true);
        valid_i.write(true);
        ready_i.write(true);
        symbol_i.write(static_cast<uint32_t>(rng() & 0x3FF));
    }
};

struct harness_64b66b : sc_core::sc_module {
    sc_core::sc_clock clk{"clk", 1, sc_core::SC_NS};
    sc_core::sc_signal<bool> rst_n{"rst_n", false}, valid_i{"valid_i"}, ready_o{"ready_o"},
        valid_o{"valid_o"}, ready_i{"ready_i"}, ctrl_o{"ctrl_o"}, header_err_o{"header_err_o"},
        type_err_o{"type_err_o"};
    sc_core::sc_signal<uint64_t> data_i{"data_i"}, data_o{"data_o"};
    sc_core::sc_signal<uint32_t> header_i{"header_i"};
    bool one_thread = single_thread(); // before the model
    Vlane_decoder_64b66b rtl{"rtl"};

    std::mt19937_64 rng{43};
    codec_64b66b::decoder ref;
    codec_64b66b::encoder enc;
    std::deque<codec_64b66b::decoded> expected;
    std::array<uint64_t, 4> headers_seen{};
    uint64_t type_errors_seen = 0, checked = 0, mismatches = 0;

    SC_HAS_PROCESS(harness_64b66b);
    explicit harness_64b66b(const sc_core::sc_module_name& n)
        : sc_core::sc_module(n) {
        rtl.clk_i(clk);
        rtl.rst_ni(rst_n);
        rtl.valid_i(valid_i);
        rtl.ready_o(ready_o);
        rtl.data_i[0](data_i);
        rtl.header_i[0](header_i);
        rtl.valid_o(valid_o);
        rtl.ready_i(ready_i);
        rtl.data_o[0](data_o);
        rtl.ctrl_o(ctrl_o);
        rtl.header_err_o(header_err_o);
        rtl.type_err_o(type_err_o);
        SC_METHOD(on_clock);
        sensitive << clk.posedge_event();
        dont_initialize();
    }

    void on_clock() {
        if (valid_i.read() && ready_o.read()) {
            auto h = static_cast<uint8_t>(header_i.read());
            expected.push_back(ref.decode(data_i.read(), h));
            ++headers_seen[h];
            type_errors_seen += expected.back().block_type_error;
        }
        if (valid_o.read() && ready_i.read()) {
            REQUIRE_FALSE(expected.empty());
            const codec_64b66b::decoded& e = expected.front();
            bool same = data_o.read() == e.payload && ctrl_o.read() == e.is_control &&
                        header_err_o.read() == e.header_error &&
                        type_err_o.read() == e.block_type_error;
            if (!same) ++mismatches;
            ++checked;
            expected.pop_front();
        }
        rst_n.write(true);
        valid_i.write(true);
        ready_i.write(true);
        // Mostly what an encoder sends (so the descrambled type fields are
        // sometimes valid), and now and then any header and any payload.
        uint64_t r = rng();
        bool control = (r & 1) != 0;
        codec_64b66b::encoded e = enc.encode(rng(), control);
        if ((r >> 1) % 4 == 0) e.header = static_cast<uint8_t>((r >> 8) & 3);
        data_i.write(e.payload);
        header_i.write(e.header);
    }
};

} // namespace

TEST_CASE("RTL 8b/10b decoder: every symbol from both disparities, as the reference",
          "[cosim][rtl]") {
    harness_8b10b h("h");
    sc_core::sc_start(60000, sc_core::SC_NS);
    CHECK(h.checked > 59000);
    CHECK(h.mismatches == 0);
    unsigned covered = 0;
    for (const auto& rd : h.covered)
        for (bool c : rd) covered += c;
    CHECK(covered == 2048);
}

TEST_CASE("RTL 64b/66b decoder: bad headers and block types, as the reference", "[cosim][rtl]") {
    harness_64b66b h("h");
    sc_core::sc_start(40000, sc_core::SC_NS);
    CHECK(h.checked > 39000);
    CHECK(h.mismatches == 0);
    for (uint64_t n : h.headers_seen) CHECK(n > 1000);
    CHECK(h.type_errors_seen > 1000);
}

// A worker thread left running until exit raced LeakSanitizer's exit-time
// scan (the Asan build's lumen-cosim crashed about one run in five).
TEST_CASE("a verilated model starts no thread of its own", "[cosim][rtl]") {
    auto threads = [] {
        std::size_t n = 0;
        for ([[maybe_unused]] const auto& t :
             std::filesystem::directory_iterator("/proc/self/task"))
            ++n;
        return n;
    };
    REQUIRE(threads() == 1);
    harness_64b66b h("h");
    sc_core::sc_start(1000, sc_core::SC_NS);
    CHECK(h.checked > 900);
    CHECK(threads() == 1);
}
