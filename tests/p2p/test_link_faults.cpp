// SPDX-License-Identifier: Apache-2.0
// Dead LEDs: spares replace dead lanes at training; past the spares the link
// runs on the lanes left, at the bandwidth they give; lanes dying mid-transfer
// cost a retraining and replays, never data.
#include "p2p_test_util.h"

#include <catch2/catch.hpp>

using namespace lumen;

namespace {

// Saturated writes both ways; per GPU the analytic rate is 256 B per
// 2960 wire bits over `lanes` x 2 Gb/s (see test_link_timing.cpp).
double saturated_write_GBps(const std::vector<std::string>& extra, run_results& r,
                            unsigned& lanes_a_to_b) {
    std::vector<std::string> sets = {"workload.op=write", "workload.injection_rate=1",
                                     "workload.bytes=4194304", "workload.max_outstanding=1024",
                                     "link.ber=0"};
    sets.insert(sets.end(), extra.begin(), extra.end());
    config c = test::p2p_config(sets);
    p2p_platform top("p2p", c, 1);
    top.simulate(r);
    lanes_a_to_b = top.link().a_to_b().lanes_active();
    return r.throughput_GBps() / 2.0;
}

double analytic_GBps(unsigned lanes) {
    return 256.0 * lanes * 2e9 / 2960.0 / 1e9;
}

} // namespace

TEST_CASE("dead lanes within the spares keep full bandwidth", "[faults]") {
    run_results r;
    unsigned lanes;
    double got = saturated_write_GBps({"link.dead_lanes=64"}, r, lanes); // all 64 spares used
    REQUIRE(r.passed());
    REQUIRE(lanes == 256);
    REQUIRE(got == Approx(analytic_GBps(256)).epsilon(0.01));
}

TEST_CASE("dead lanes beyond the spares: bandwidth falls to the lanes left", "[faults]") {
    run_results r;
    unsigned lanes;
    // 120 dead of 320: the 64 spares cover 64, the link trains to 200 lanes.
    double got = saturated_write_GBps({"link.dead_lanes=120"}, r, lanes);
    REQUIRE(r.passed());
    REQUIRE(lanes == 200);
    INFO("measured " << got << " GB/s, analytic " << analytic_GBps(200));
    REQUIRE(got == Approx(analytic_GBps(200)).epsilon(0.01));
}

TEST_CASE("named dead lanes: two spares cover two of three", "[faults]") {
    run_results r;
    unsigned lanes;
    // 258 physical lanes (256 + 2 spares), lanes 0, 17 and 257 dead: 255 left.
    double got =
        saturated_write_GBps({"link.dead_lanes=[0, 17, 257]", "link.spare_lanes=2"}, r, lanes);
    REQUIRE(r.passed());
    REQUIRE(lanes == 255);
    REQUIRE(got == Approx(analytic_GBps(255)).epsilon(0.01));
}

TEST_CASE("lanes dying mid-transfer cost a retraining and replays, never data", "[faults]") {
    // At 20 us, with no spares, 3 lanes of the A->B direction die while it is
    // saturated: what is on the wire arrives corrupted, the link retrains for
    // 1 us to 253 lanes and replays from its replay buffer.
    config c = test::p2p_config(
        {"workload.op=write", "workload.injection_rate=1", "workload.bytes=4194304",
         "link.spare_lanes=0", "link.ber=0",
         R"(faults=[{"at_us": 20, "event": "lane_down", "count": 3, "direction": "a_to_b"}])"});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.checked == r.transactions.completed);
    const auto& s = top.link().a_to_b().stats();
    REQUIRE(s.retrains == 1);
    REQUIRE(s.corrupted_by_faults > 0);
    REQUIRE(s.crc_errors >= 1);
    REQUIRE(s.retries >= s.corrupted_by_faults);
    REQUIRE(s.lanes_timeline.size() == 2);
    REQUIRE(s.lanes_timeline[1] == std::make_pair(uint64_t(20'000'000), 253u));
    REQUIRE(top.link().b_to_a().stats().retrains == 0);
}

TEST_CASE("below link.min_lanes the link stays down until it comes back", "[faults]") {
    // 10 lanes die at 5 us with no spares and min_lanes = 250: down; a
    // link_up at 50 us retrains it to the 246 lanes left (< 250: still down),
    // so the run cannot finish and says why.
    config down = test::p2p_config({"workload.bytes=1048576", "link.spare_lanes=0",
                                    "link.min_lanes=250", "link.ber=0",
                                    R"(faults=[{"at_us": 5, "event": "lane_down", "count": 10}])"});
    // Each engine warns at its first lost request: expected here, so shown
    // without the throw that makes any other warning fail a test (each test
    // case runs in a process of its own).
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DISPLAY);
    p2p_platform top("p2p", down, 1);
    run_results r;
    top.simulate(r);
    REQUIRE_FALSE(r.passed());
    // The failure names what cannot reach what, and the cause.
    REQUIRE_THAT(r.failure, Catch::Contains("gpu0 cannot reach gpu1") &&
                                Catch::Contains("link.min_lanes = 250"));
    REQUIRE(r.transactions.lost > 0);
}

TEST_CASE("a link that goes down and comes back delivers everything", "[faults]") {
    config c = test::p2p_config(
        {"workload.bytes=1048576", "link.ber=0",
         R"(faults=[{"at_us": 5, "event": "link_down"}, {"at_us": 30, "event": "link_up"}])"});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE(r.passed());
    // Nothing moved while it was down: the run takes at least the outage.
    REQUIRE(r.sim_time_ns > 25'000);
    const auto& t = top.link().a_to_b().stats().lanes_timeline;
    REQUIRE(t.size() == 3);
    REQUIRE(t[1] == std::make_pair(uint64_t(5'000'000), 0u));
    REQUIRE(t[2] == std::make_pair(uint64_t(30'000'000), 256u));
}
