// SPDX-License-Identifier: Apache-2.0
// Pure C++ checks of the serializer's busy periods (lane_schedule): whole unit
// intervals counted from a period's start, picoseconds only at the edges.
#include "models/serdes/lane_schedule.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lumen::serdes;

namespace {

link_params at_rate(double gbps) {
    link_params p; // 256 lanes, 8b/10b
    p.lane_rate_gbps = gbps;
    return p;
}

} // namespace

TEST_CASE("UI edges round once, and every edge maps back to itself", "[lane_schedule]") {
    for (double gbps : {2.0, 3.0, 3.5, 106.25, 224.0}) {
        lane_schedule s(at_rate(gbps));
        for (uint64_t ui = 0; ui < 100000; ui += 7) {
            uint64_t ps = s.edge_ps(ui);
            REQUIRE(ps == uint64_t(std::llround(double(ui) * 1000.0 / gbps)));
            REQUIRE(s.first_edge_at_or_after(ps) == ui);
            // Every UI here is over 2 ps: the picosecond before an edge is past the one before it.
            if (ui > 0) REQUIRE(s.first_edge_at_or_after(ps - 1) == ui);
            REQUIRE(s.first_edge_at_or_after(ps + 1) == ui + 1);
        }
    }
}

TEST_CASE("back-to-back messages at 3.5 Gb/s form one busy period", "[lane_schedule]") {
    // One 256-B flit is 276 B framed: 2208 bits, 2760 on the wire, 10.78 UIs
    // of 256 lanes. Sent each at the previous one's end, n of them take
    // ceil(n * 2760 / 256) UIs in all, not n * 11 or more.
    link_params p = at_rate(3.5);
    lane_schedule s(p);
    const uint64_t n = 1000;
    uint64_t now = 1; // not on an edge: the period starts on UI 1
    uint64_t wire = 0;
    lane_schedule::slot first = s.send(now, 2208, 256), slot = first;
    wire += slot.wire_bits;
    for (uint64_t i = 1; i < n; ++i) {
        uint64_t previous_end = slot.end_ps;
        slot = s.send(previous_end, 2208, 256);
        REQUIRE(slot.start_ps == previous_end);
        wire += slot.wire_bits;
    }
    REQUIRE(first.start_ps == 286); // 285.714 ps rounded
    REQUIRE(wire == n * 2760);
    const uint64_t uis = (n * 2760 + 255) / 256;
    REQUIRE(slot.end_ps == uint64_t(std::llround(double(1 + uis) * 1000.0 / 3.5)));
}

TEST_CASE("a gap or a stop opens a new busy period on the next edge", "[lane_schedule]") {
    lane_schedule s(at_rate(2.0)); // UI 500 ps
    lane_schedule::slot a = s.send(0, 2208, 256);
    REQUIRE(a.start_ps == 0);
    REQUIRE(a.end_ps == 11 * 500); // ceil(2760 / 256) = 11
    lane_schedule::slot b = s.send(a.end_ps, 2208, 256);
    REQUIRE(b.end_ps == 22 * 500); // ceil(5520 / 256) = 22: packed behind a
    lane_schedule::slot c = s.send(b.end_ps + 1, 2208, 256);
    REQUIRE(c.start_ps == 23 * 500);
    REQUIRE(c.end_ps == 34 * 500); // its own 11 UIs
    s.stop();
    lane_schedule::slot d = s.send(c.end_ps, 2208, 256);
    REQUIRE(d.start_ps == 34 * 500);
    REQUIRE(d.end_ps == 45 * 500); // not packed behind c
    REQUIRE(d.wire_bits == 2760);
}
