// SPDX-License-Identifier: Apache-2.0
// Integrity of the link under bit errors and back-pressure: every byte
// arrives intact, nothing overflows, nothing is lost.
#include "p2p_test_util.h"

#include <catch2/catch.hpp>

using namespace lumen;

TEST_CASE("bit errors at BER 1e-6 are caught by the CRC and replayed: nothing lost",
          "[integrity]") {
    // 4 MiB each way of mixed traffic is about 16k messages and 9e7 wire bits
    // per direction: at 1e-6 about 90 flipped bits each way.
    config c = test::p2p_config({"link.ber=1e-6", "workload.bytes=4194304"});
    p2p_platform top("p2p", c, 3);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE(r.transactions.issued == 2 * 16384);
    REQUIRE(r.transactions.completed == r.transactions.issued);
    REQUIRE(r.transactions.checked == r.transactions.completed);
    REQUIRE(r.transactions.mismatches == 0);
    REQUIRE(r.transactions.lost == 0);
    for (const auto* ch : {&top.link().a_to_b(), &top.link().b_to_a()}) {
        const auto& s = ch->stats();
        INFO(ch->name() << ": bit errors " << s.bit_errors << ", CRC errors " << s.crc_errors);
        REQUIRE(s.bit_errors > 30);
        // Every flipped bit lands in a flit the receiver checks; a flit can
        // take two, and a flit after a rejected one is dropped unchecked.
        REQUIRE(s.crc_errors > 0);
        REQUIRE(s.crc_errors <= s.bit_errors);
        // One NAK per rejected packet, which may hold several bad flits, and
        // each NAK replays the rejected packet and whatever followed it.
        REQUIRE(s.naks > 0);
        REQUIRE(s.naks <= s.crc_errors);
        REQUIRE(s.retries >= s.naks);
    }
    REQUIRE(r.passed());
}

TEST_CASE("the receive buffer never overflows when the far memory is slow", "[integrity]") {
    // A 1 GB/s memory behind a 47 GB/s link: a 256 B write takes 256 ns of
    // memory time, longer than the ~200 ns credit round trip, so requests back
    // up into the receiver, whose 4-flit buffer must fill and stop the
    // transmitter through its credits, never overflow (kept at 4, not raised
    // to the round trip).
    config c = test::p2p_config(
        {"workload.op=write", "workload.injection_rate=1", "workload.bytes=262144",
         "link.rx_buffer_flits=4", "link.rtt_buffers=false", "memory.bandwidth_GBps=1",
         "memory.queue_depth=2", "memory.concurrent_accesses=2", "link.ber=0"});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    REQUIRE(r.passed());
    for (const auto* ch : {&top.link().a_to_b(), &top.link().b_to_a()}) {
        const auto& s = ch->stats();
        REQUIRE(s.rx_overflows == 0);
        REQUIRE(s.max_rx_flits[serdes::VC_REQUEST] == 4); // it did fill: back-pressure ran
        REQUIRE(s.max_rx_flits[serdes::VC_RESPONSE] <= 4);
    }
    // The memory is the bottleneck: 1 GB/s per GPU, less the unloaded
    // latency of the first request and the last response (~0.3 us in 262 us).
    REQUIRE(r.throughput_GBps() / 2.0 == Approx(1.0).epsilon(0.01));
}
