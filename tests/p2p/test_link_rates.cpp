// SPDX-License-Identifier: Apache-2.0
// Saturated throughput at lane rates whose unit interval is not a whole
// number of picoseconds (3.5 Gb/s: 285.714 ps, 3.0 Gb/s: 333.333 ps) against
// the analytic capacity of the lanes, and the whole-picosecond rates (2.0,
// 4.0 Gb/s: 500, 250 ps) pinned to the picosecond, so that exact unit
// intervals keep the timing they always had.
#include "p2p_test_util.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lumen;

namespace {

struct saturated_run {
    double per_gpu_GBps;
    double analytic_GBps;
    uint64_t sim_ps, busy_ps; // run's end; a_to_b's serializing time
};

// Both GPUs write `request_bytes` at a time as fast as they can.
saturated_run run_writes(const std::string& preset, std::vector<std::string> sets,
                         unsigned request_bytes) {
    sets.insert(sets.end(),
                {"workload.op=write", "workload.injection_rate=1", "workload.bytes=8388608",
                 "workload.max_outstanding=1024", "link.ber=0",
                 "workload.request_bytes=" + std::to_string(request_bytes)});
    config c = test::p2p_config(sets, preset);
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    REQUIRE(r.passed());

    // The analytic figure, summed here from the link's parameters. Each
    // direction carries, per write, one GPU's request (its flits, each with
    // header and CRC-32C, around the data) and the other GPU's header-only
    // response; back to back, their bits pack into the lane stream with no
    // rounding to whole unit intervals. 8b/10b: 10 wire bits per 8.
    const serdes::link_params& p = top.link().params();
    REQUIRE(p.line_encoding == serdes::encoding::E8B10B);
    REQUIRE(p.fec == serdes::fec_kind::NONE);
    const uint64_t framing = p.flit_header_bytes + 4;
    const uint64_t flits = (request_bytes + p.flit_payload_bytes - 1) / p.flit_payload_bytes;
    const uint64_t request_framed = request_bytes + flits * framing;
    const uint64_t response_framed = framing;
    const uint64_t wire_bits = (request_framed + response_framed) * 8 * 10 / 8;
    // Gb/s per lane is bits per ns; bytes per ns is GB/s.
    const double analytic = double(request_bytes) * p.lanes * p.lane_rate_gbps / double(wire_bits);

    const auto& s = top.link().a_to_b().stats();
    REQUIRE(s.wire_bits == 8388608 / request_bytes * wire_bits); // no replays: BER 0
    return {r.throughput_GBps() / 2.0, analytic, uint64_t(std::llround(r.sim_time_ns * 1000.0)),
            s.busy_ps};
}

void require_capacity(const saturated_run& run) {
    INFO("measured " << run.per_gpu_GBps << " GB/s per GPU, analytic " << run.analytic_GBps);
    REQUIRE(run.per_gpu_GBps == Approx(run.analytic_GBps).epsilon(0.005));
    REQUIRE(run.per_gpu_GBps <= run.analytic_GBps * 1.0001); // never faster than the lanes allow
}

// Whole-picosecond unit intervals: the figures of the model before the fix
// (commit 15c543d), to the picosecond. 2.0 Gb/s reaches the capacity; at
// 4.0 Gb/s the memory port (256 B) and the credits (4 KiB) bound it first,
// with the 64-flit buffer as it was then (link.rtt_buffers=false).
void require_unchanged(const saturated_run& run, uint64_t sim_ps, uint64_t busy_ps) {
    CHECK(run.sim_ps == sim_ps);
    CHECK(run.busy_ps == busy_ps);
}

} // namespace

// The LightBundle preset: 256 lanes at 3.5 Gb/s over 5 m. Before busy
// periods were kept in whole unit intervals, each message began a new one a
// UI late: 256-B writes ran 17 % short, 4 KiB writes 1 %.
TEST_CASE("3.5 Gb/s: saturated 256-B writes reach the lanes' capacity within 0.5 %",
          "[throughput][rates]") {
    require_capacity(run_writes("microled-lightbundle", {"link.length_m=5"}, 256));
}

TEST_CASE("3.5 Gb/s: saturated 4 KiB writes reach the lanes' capacity within 0.5 %",
          "[throughput][rates]") {
    require_capacity(run_writes("microled-lightbundle", {"link.length_m=5"}, 4096));
}

TEST_CASE("3.0 Gb/s: saturated 256-B writes reach the lanes' capacity within 0.5 %",
          "[throughput][rates]") {
    require_capacity(run_writes("", {"link.lane_rate_gbps=3.0"}, 256));
}

TEST_CASE("3.0 Gb/s: saturated 4 KiB writes reach the lanes' capacity within 0.5 %",
          "[throughput][rates]") {
    require_capacity(run_writes("", {"link.lane_rate_gbps=3.0"}, 4096));
}

TEST_CASE("2.0 Gb/s: saturated 256-B writes keep their timing to the picosecond", "[rates]") {
    saturated_run run = run_writes("", {"link.lane_rate_gbps=2.0"}, 256);
    require_capacity(run);
    require_unchanged(run, 189722000, 189444000);
}

TEST_CASE("2.0 Gb/s: saturated 4 KiB writes keep their timing to the picosecond", "[rates]") {
    saturated_run run = run_writes("", {"link.lane_rate_gbps=2.0"}, 4096);
    require_capacity(run);
    require_unchanged(run, 177773500, 177440500);
}

TEST_CASE("4.0 Gb/s: saturated 256-B writes keep their timing to the picosecond", "[rates]") {
    require_unchanged(run_writes("", {"link.lane_rate_gbps=4.0", "link.rtt_buffers=false"}, 256),
                      102651250, 98209000);
}

TEST_CASE("4.0 Gb/s: saturated 4 KiB writes keep their timing to the picosecond", "[rates]") {
    require_unchanged(run_writes("", {"link.lane_rate_gbps=4.0", "link.rtt_buffers=false"}, 4096),
                      98191750, 88832000);
}
