// SPDX-License-Identifier: Apache-2.0
// Credits and the round trip: a link's receive and replay buffers cover the
// credit round trip at its length (buffer flits >= round trip / flit time),
// so a long, fast link runs at its lanes' rate; kept as set, the buffer
// paces it and the results say the link was credit-bound.
#include "p2p_test_util.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lumen;

namespace {

struct writes_run {
    serdes::link_params params;
    double utilization; // a_to_b
    link_result a_to_b;
};

// MOSAIC over its 10 m, both GPUs writing 4 KiB as fast as they can.
writes_run mosaic_writes(std::vector<std::string> sets) {
    sets.insert(sets.end(), {"link.length_m=10", "workload.op=write", "workload.injection_rate=1",
                             "workload.bytes=4194304", "workload.request_bytes=4096",
                             "workload.max_outstanding=1024", "link.ber=0"});
    config c = test::p2p_config(sets, "microled-mosaic");
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    REQUIRE(r.passed());
    return {top.link().params(), r.links.at(0).utilization, r.links.at(0)};
}

// The round trip by hand, from the preset's figures (presets.cpp) and the
// link's fixed latencies (link_params.h defaults): 400 lanes x 2 Gb/s, no
// line code; a 256-B flit framed in 276 B; the largest message, 64 flits.
constexpr double flit_ns = 276 * 8 / (400 * 2.0);              // 2.76 ns
constexpr double clock_ns = 8 * 0.5;                           // "none": a byte per lane clock
constexpr double tx_ns = 2 * clock_ns + 0.5;                   // framing + LED driver
constexpr double rx_ns = 1.0 + (4 + 2) * clock_ns;             // receiver, deskew, decode
constexpr double flight_ns = tx_ns + 10 * 5.0 + rx_ns;         // 10 m at 5 ns/m
constexpr double round_trip_ns = 64 * flit_ns + 2 * flight_ns; // there, and the credit back

} // namespace

TEST_CASE("MOSAIC's buffers cover its credit round trip: 4 KiB writes run at the lanes' rate",
          "[credits]") {
    const writes_run run = mosaic_writes({});
    INFO("rx " << run.params.rx_buffer_flits << " replay " << run.params.replay_buffer_flits
               << " round trip " << round_trip_ns / flit_ns << " flits");
    CHECK(run.params.rx_buffer_flits >= round_trip_ns / flit_ns);
    CHECK(run.params.replay_buffer_flits >= round_trip_ns / flit_ns);
    CHECK(run.params.rx_buffer_flits < round_trip_ns / flit_ns + 1); // raised, no more
    CHECK(run.a_to_b.round_trip_flits == run.params.rx_buffer_flits);
    CHECK_FALSE(run.a_to_b.credit_bound);
    // Before the buffers were sized, 0.84 of the lanes; now all but the
    // header-only responses' gaps.
    CHECK(run.utilization > 0.97);
}

TEST_CASE("MOSAIC's 64-flit buffer as set is credit-bound, and says so", "[credits]") {
    const writes_run run = mosaic_writes({"link.rtt_buffers=false"});
    CHECK(run.params.rx_buffer_flits == 64);
    CHECK(run.a_to_b.credit_stalls > 0);
    CHECK(run.a_to_b.credit_bound);
    CHECK(run.utilization < 0.9);
}

TEST_CASE("buffers are raised to the round trip, never lowered", "[credits]") {
    // 500 flits cover MOSAIC's round trip of 125 over 10 m already.
    config c = test::p2p_config({"link.rx_buffer_flits=500", "link.replay_buffer_flits=600"},
                                "microled-mosaic");
    p2p_platform top("p2p", c, 1);
    CHECK(top.link().params().rx_buffer_flits == 500);
    CHECK(top.link().params().replay_buffer_flits == 600);
    CHECK(top.link().params().round_trip_flits() == unsigned(std::ceil(round_trip_ns / flit_ns)));
}
