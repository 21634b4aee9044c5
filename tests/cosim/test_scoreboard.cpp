// SPDX-License-Identifier: Apache-2.0
// The co-simulation's scoreboard, fed by hand: a checker that cannot fail
// proves nothing, so these make it fail on purpose.
#include "testbench/cosim_run.h"
#include "testbench/scoreboard.h"

#include <catch2/catch.hpp>
#include <tlm_utils/simple_initiator_socket.h>

using namespace lumen::cosim;

namespace {

struct feeder : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<feeder> out{"out"};
    explicit feeder(const sc_core::sc_module_name& n)
        : sc_core::sc_module(n) {}

    template <typename T> void send(stream s, beat<T>& b) {
        tlm::tlm_generic_payload t;
        t.set_command(tlm::TLM_WRITE_COMMAND);
        t.set_address(s);
        t.set_data_ptr(reinterpret_cast<unsigned char*>(&b));
        t.set_data_length(sizeof b);
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        out->b_transport(t, d);
        REQUIRE(t.is_response_ok());
    }
};

struct bench {
    std::unique_ptr<lane_reference> ref = make_lane_reference(encoding::ENC_8B10B, 2);
    feeder f{"f"};
    scoreboard sb{"sb", *ref, 2};
    bench() {
        f.out.bind(sb.beats_in);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

} // namespace

TEST_CASE("scoreboard: right symbols and decoded words pass", "[cosim]") {
    bench b;
    beat<lane_word> in{10, {}};
    in.lanes[0] = {0xBC, true};  // K28.5
    in.lanes[1] = {0xB5, false}; // D21.5
    b.f.send(STREAM_INPUT, in);
    beat<lane_symbol> enc{11, {}};
    enc.lanes[0] = {0b0011111010, 0, false}; // Table 36-2, K28.5 RD-
    enc.lanes[1] = {0b1010101010, 0, false}; // Table 36-1, D21.5
    b.f.send(STREAM_ENCODED, enc);
    beat<lane_decoded> dec{12, {}};
    dec.lanes[0] = {0xBC, true, false, false};
    dec.lanes[1] = {0xB5, false, false, false};
    b.f.send(STREAM_DECODED, dec);
    CHECK(b.sb.mismatches() == 0);
    CHECK(b.sb.symbols_checked() == 1);
    CHECK(b.sb.decoded_checked() == 1);
    CHECK(b.sb.latency().min == 1);
    CHECK(b.sb.latency().max == 1);
}

TEST_CASE("scoreboard: a flipped bit is the first mismatch, with cycle and lane", "[cosim]") {
    bench b;
    beat<lane_word> in{20, {}};
    in.lanes[0] = {0x00, false};
    in.lanes[1] = {0x00, false};
    b.f.send(STREAM_INPUT, in);
    beat<lane_symbol> enc{22, {}};
    enc.lanes[0] = {0b1001110100, 0, false}; // D0.0 RD-
    enc.lanes[1] = {0b1001110101, 0, false}; // j flipped
    b.f.send(STREAM_ENCODED, enc);
    REQUIRE(b.sb.mismatches() == 1);
    const auto& m = *b.sb.first_mismatch();
    CHECK(m.cycle == 22);
    CHECK(m.lane == 1);
    CHECK(m.where == "encoder");
    CHECK(m.input == "D.0.0 (00)");
    CHECK(m.expected == "100111 0100");
    CHECK(m.got == "100111 0101");
    // Two edges from input to symbol: the run's timing check sees max 2.
    CHECK(b.sb.latency().max == 2);
}

TEST_CASE("scoreboard: a decoder that loses the K flag is caught", "[cosim]") {
    bench b;
    beat<lane_word> in{1, {}};
    in.lanes[0] = {0xBC, true};
    in.lanes[1] = {0xBC, true};
    b.f.send(STREAM_INPUT, in);
    beat<lane_decoded> dec{3, {}};
    dec.lanes[0] = {0xBC, true, false, false};
    dec.lanes[1] = {0xBC, false, false, false};
    b.f.send(STREAM_DECODED, dec);
    REQUIRE(b.sb.mismatches() == 1);
    CHECK(b.sb.first_mismatch()->where == "decoder");
    CHECK(b.sb.first_mismatch()->lane == 1);
}

TEST_CASE("scoreboard: a symbol with no input behind it is a mismatch", "[cosim]") {
    bench b;
    beat<lane_symbol> enc{5, {}};
    b.f.send(STREAM_ENCODED, enc);
    CHECK(b.sb.mismatches() == 1);
}

TEST_CASE("timing: a late symbol or a bubble is a difference, with its size", "[cosim]") {
    lumen::serdes::lane_encoder_timing model{1, 1};
    scoreboard::latency_stats on_time{1, 1, 100, 100};
    CHECK(timing_differences(model, on_time, 1.0).empty());
    scoreboard::latency_stats late{1, 3, 150, 100};
    auto d = timing_differences(model, late, 0.5);
    REQUIRE(d.size() == 2);
    CHECK(d[0] == "latency: RTL 1..3 cycles, model 1 cycles, differs by +2");
    CHECK(d[1] == "throughput: RTL 0.500000 symbols/cycle/lane, model 1, differs by -0.500000");
    CHECK(timing_differences(model, scoreboard::latency_stats{}, 1.0).size() == 1);
}
