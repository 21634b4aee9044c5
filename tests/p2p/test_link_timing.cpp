// SPDX-License-Identifier: Apache-2.0
// Timing of the p2p platform against derivations written out here, from the
// configured parameters alone: unloaded latency to the picosecond, and
// saturated throughput against the analytic capacity of the lanes.
#include "models/serdes/lane_encoder_timing.h"
#include "p2p_test_util.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lumen;

namespace {

// The documented components of one link crossing and one memory access,
// summed by hand for the embedded default: 256 lanes at 2 Gb/s (UI 500 ps),
// 16 B flit header + 4 B CRC, 10 m at 5 ns/m, TX framing 2 + encoder cycles,
// LED driver 0.5 ns, receiver 1 ns, deskew 4 + decode 2 cycles; HBM port at
// 1.6 GHz (625 ps), 62.5 B/cycle, 100 ns = 160 cycles.
struct hand_model {
    unsigned data_bits, code_bits, encoder_cycles;
    static constexpr uint64_t ui = 500, lanes = 256;

    uint64_t wire_bits(uint64_t framed_bytes) const {
        return (framed_bytes * 8 * code_bits + data_bits - 1) / data_bits;
    }
    uint64_t serialization(uint64_t framed_bytes) const {
        return (wire_bits(framed_bytes) + lanes - 1) / lanes * ui;
    }
    uint64_t fixed() const {
        uint64_t symbol = ui * code_bits;
        uint64_t tx = (2 + encoder_cycles) * symbol + 500;
        uint64_t propagation = 10 * 5000;
        uint64_t rx = 1000 + (4 + 2) * symbol;
        return tx + propagation + rx;
    }
    static uint64_t next_edge(uint64_t t, uint64_t period) {
        return (t + period - 1) / period * period;
    }
    // Message with `data` bytes sent at t: checked at the far receiver.
    uint64_t cross(uint64_t t, uint64_t data) const {
        return next_edge(t, ui) + serialization(data + 16 + 4) + fixed();
    }
    static uint64_t memory(uint64_t t) {
        uint64_t transfer = 5; // ceil(256 B / 62.5 B per cycle)
        return next_edge(t, 625) + (transfer + 160) * 625;
    }
};

uint64_t measured_latency_ps(const std::string& op, const std::string& encoding) {
    config c = test::p2p_config(
        {"workload.op=" + op, "workload.bytes=256", "link.ber=0", "link.encoding=" + encoding});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.completed == 2); // one request from each GPU
    // Both GPUs' requests cross at once in opposite directions: equal latency.
    REQUIRE(r.latency.p50_ns == r.latency.max_ns);
    return uint64_t(std::llround(r.latency.max_ns * 1000.0));
}

hand_model model_for(const std::string& encoding) {
    if (encoding == "64b66b") return {64, 66, serdes::lane_encoder_timing_64b66b.latency_cycles};
    if (encoding == "none") return {8, 8, 0};
    return {8, 10, serdes::lane_encoder_timing_8b10b.latency_cycles};
}

} // namespace

TEST_CASE("unloaded write latency is the sum of its components (8b10b)", "[timing]") {
    hand_model m = model_for("8b10b");
    // Write: 256 data bytes go out, a header-only response comes back.
    uint64_t expected = m.cross(hand_model::memory(m.cross(0, 256)), 0);
    REQUIRE(expected ==
            303000); // 5.5 + 97 ns out, HBM to 205.625 ns, 0.5 + 97 ns back (rounded to UI)
    REQUIRE(measured_latency_ps("write", "8b10b") == expected);
}

TEST_CASE("unloaded read latency is the sum of its components (8b10b)", "[timing]") {
    hand_model m = model_for("8b10b");
    uint64_t expected = m.cross(hand_model::memory(m.cross(0, 0)), 256);
    REQUIRE(measured_latency_ps("read", "8b10b") == expected);
}

TEST_CASE("unloaded write latency is the sum of its components (64b66b)", "[timing]") {
    hand_model m = model_for("64b66b");
    uint64_t expected = m.cross(hand_model::memory(m.cross(0, 256)), 0);
    REQUIRE(measured_latency_ps("write", "64b66b") == expected);
}

TEST_CASE("unloaded read latency is the sum of its components (no line code)", "[timing]") {
    hand_model m = model_for("none");
    uint64_t expected = m.cross(hand_model::memory(m.cross(0, 0)), 256);
    REQUIRE(measured_latency_ps("read", "none") == expected);
}

TEST_CASE("saturated write throughput equals the analytic lane capacity within 1 %",
          "[throughput]") {
    // Both GPUs write as fast as they can. Each direction carries, per 256 B
    // written, one data flit (256 + 20 B) and the other GPU's header-only
    // write response (20 B): (276 + 20) * 8 * 10/8 = 2960 wire bits over
    // 256 lanes x 2 Gb/s. Per GPU: 256 B / (2960 / 512e9 s) = 44.28 GB/s.
    const double analytic_GBps = 256.0 * 512e9 / 2960.0 / 1e9;
    config c =
        test::p2p_config({"workload.op=write", "workload.injection_rate=1",
                          "workload.bytes=8388608", "workload.max_outstanding=1024", "link.ber=0"});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    REQUIRE(r.passed());
    double per_gpu = r.throughput_GBps() / 2.0;
    INFO("measured " << per_gpu << " GB/s per GPU, analytic " << analytic_GBps);
    REQUIRE(per_gpu == Approx(analytic_GBps).epsilon(0.01));
    REQUIRE(per_gpu <= analytic_GBps * 1.0001); // never faster than the lanes allow
}

TEST_CASE("saturated read throughput equals the analytic lane capacity within 1 %",
          "[throughput]") {
    // Reads: each direction carries the other GPU's 256 B read responses
    // (276 B framed) and this GPU's header-only read requests (20 B): the
    // same 2960 wire bits per 256 B as writes.
    const double analytic_GBps = 256.0 * 512e9 / 2960.0 / 1e9;
    config c =
        test::p2p_config({"workload.op=read", "workload.injection_rate=1", "workload.bytes=8388608",
                          "workload.max_outstanding=1024", "link.ber=0"});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.checked == r.transactions.completed);
    REQUIRE(r.throughput_GBps() / 2.0 == Approx(analytic_GBps).epsilon(0.01));
}
