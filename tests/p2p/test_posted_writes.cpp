// SPDX-License-Identifier: Apache-2.0
// Posted writes (workload.op = write_posted) over one link: every one lands
// in the far memory and is counted there, the link carries requests only, so
// saturated posted writes reach the request-only capacity of the lanes; a
// posted write dropped by a dead link, or bytes corrupted in the target's
// memory, fail the run; the platform refuses write_posted where recovery
// would have to resend a write that has no response.
#include "p2p_test_util.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lumen;

namespace {

constexpr uint64_t bytes_per_gpu = 4 << 20;
constexpr unsigned request_bytes = 256;
constexpr uint64_t writes_per_gpu = bytes_per_gpu / request_bytes;

config posted_config(std::vector<std::string> extra = {}) {
    // Offered at twice the link's capacity: the link is the bottleneck.
    std::vector<std::string> sets{"workload.op=write_posted", "workload.offered_GBps=100",
                                  "workload.bytes=" + std::to_string(bytes_per_gpu),
                                  "workload.request_bytes=" + std::to_string(request_bytes),
                                  "link.ber=0"};
    sets.insert(sets.end(), extra.begin(), extra.end());
    return test::p2p_config(sets);
}

// At `at`, overwrites the first word of what GPU 0 wrote into GPU 1's
// memory, as a fault in the memory after the write landed would.
struct memory_corrupter : sc_core::sc_module {
    backing_store& store;
    sc_core::sc_time at;
    SC_HAS_PROCESS(memory_corrupter);
    memory_corrupter(sc_core::sc_module_name n, backing_store& s, sc_core::sc_time t)
        : sc_module(n)
        , store(s)
        , at(t) {
        SC_THREAD(run);
    }
    void run() {
        wait(at);
        unsigned char word[8];
        store.read(0, word, sizeof word);
        for (unsigned char& b : word) b = static_cast<unsigned char>(~b);
        store.write(0, word, sizeof word);
    }
};

} // namespace

TEST_CASE("saturated posted writes all land, counted at the target, at request-only capacity",
          "[posted]") {
    config c = posted_config();
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.issued == 2 * writes_per_gpu);
    REQUIRE(r.transactions.completed == r.transactions.issued);
    REQUIRE(r.transactions.checked == r.transactions.issued);
    REQUIRE(r.transactions.lost == 0);
    CHECK(r.workload["op"] == "write_posted");
    // The targets count what landed, apart from the sources' own counts.
    for (unsigned g = 0; g < 2; ++g) {
        const memory_port_stats& m = top.gpu(g).memory().stats();
        CHECK(m.writes == writes_per_gpu);
        CHECK(m.posted_writes == writes_per_gpu);
        CHECK(m.bytes_written == bytes_per_gpu);
        CHECK(m.reads == 0);
    }

    // Each direction carries one GPU's requests and nothing else: no
    // responses. Per write its flits (header and CRC-32C each) around the
    // data, in 8b/10b (10 wire bits per 8), back to back.
    const serdes::link_params& p = top.link().params();
    REQUIRE(p.line_encoding == serdes::encoding::E8B10B);
    REQUIRE(p.fec == serdes::fec_kind::NONE);
    const uint64_t flits = (request_bytes + p.flit_payload_bytes - 1) / p.flit_payload_bytes;
    const uint64_t framed = request_bytes + flits * (p.flit_header_bytes + 4);
    const uint64_t wire_bits = framed * 8 * 10 / 8;
    for (const auto* ch : {&top.link().a_to_b(), &top.link().b_to_a()}) {
        CHECK(ch->stats().messages == writes_per_gpu);
        CHECK(ch->stats().wire_bits == writes_per_gpu * wire_bits);
        CHECK(ch->stats().rx_overflows == 0);
    }
    // Gb/s per lane is bits per ns; bytes per ns is GB/s. The run ends when
    // the last write lands: one message's latency after the lanes go idle.
    const double analytic = double(request_bytes) * p.lanes * p.lane_rate_gbps / double(wire_bits);
    const double measured = r.throughput_GBps() / 2.0;
    INFO("measured " << measured << " GB/s per GPU, analytic " << analytic);
    CHECK(measured == Approx(analytic).epsilon(0.01));
    CHECK(measured <= analytic * 1.0001);
}

TEST_CASE("posted writes into a slow memory are held back by credits, never overrun it",
          "[posted]") {
    // A 1 GB/s memory behind a 47 GB/s link, and no bound at the source
    // (posted writes hold no tag): the memory's queue fills, then the
    // receiver's buffer, then the credits stop the transmitter, and the GPU
    // waits for its link's END_REQ.
    config c = posted_config({"workload.bytes=262144", "link.rx_buffer_flits=4",
                              "link.rtt_buffers=false", "memory.bandwidth_GBps=1",
                              "memory.queue_depth=2", "memory.concurrent_accesses=2"});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.checked == 2 * 1024);
    for (unsigned g = 0; g < 2; ++g) CHECK(top.gpu(g).memory().stats().max_queue_depth <= 2);
    for (const auto* ch : {&top.link().a_to_b(), &top.link().b_to_a()}) {
        CHECK(ch->stats().rx_overflows == 0);
        CHECK(ch->stats().max_rx_flits[serdes::VC_REQUEST] == 4); // back-pressure ran
        CHECK(ch->stats().credit_stalls > 0);
    }
    // The memory is the bottleneck: 1 GB/s per GPU, less the first write's
    // way there (~0.2 us in 262 us).
    CHECK(r.throughput_GBps() / 2.0 == Approx(1.0).epsilon(0.01));
}

TEST_CASE("posted writes a dead link drops are lost, and the run fails", "[posted]") {
    config c = posted_config();
    p2p_platform top("p2p", c, 1);
    // Below the platform's own check (which refuses faults with posted
    // writes): the link dies mid-run, dropping GPU 0's writes with no word
    // back to it.
    serdes::lane_fault f{serdes::lane_fault::LINK_DOWN, 20'000'000};
    top.link().a_to_b().schedule_fault(f);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE_FALSE(r.passed());
    CHECK(r.transactions.lost > 0);
    // Dropped at the link, or stuck in its replay buffer while it is down.
    CHECK(top.link().a_to_b().stats().dropped > 0);
    CHECK(r.transactions.lost >= top.link().a_to_b().stats().dropped);
    CHECK(top.gpu(1).memory().stats().writes + r.transactions.lost == writes_per_gpu);
}

TEST_CASE("a posted write corrupted in the target's memory fails the run", "[posted]") {
    config c = posted_config();
    p2p_platform top("p2p", c, 1);
    // GPU 0's first write lands within a microsecond; the run takes about 90.
    memory_corrupter corrupt("corrupt", top.gpu(1).memory().store(),
                             sc_core::sc_time(5, sc_core::SC_US));
    run_results r;
    top.simulate(r);
    REQUIRE_FALSE(r.passed());
    CHECK(r.transactions.completed == r.transactions.issued);
    CHECK(r.transactions.mismatches == 1);
    CHECK(r.transactions.checked == r.transactions.issued - 1);
}

TEST_CASE("write_posted is refused where a response would have to time out", "[posted]") {
    REQUIRE_THROWS_WITH(posted_config({"gpu.retry_timeout_us=5"}),
                        Catch::Contains("gpu.retry_timeout_us = 5 with workload.op = "
                                        "write_posted"));
    REQUIRE_THROWS_WITH(
        posted_config(
            {R"(faults=[{"at_us":1,"event":"link_up"},{"at_us":2,"event":"link_down"}])"}),
        Catch::Contains("faults[1].event = link_down with workload.op = write_posted"));
    // 320 physical lanes, 62 dead from the start: 258 alive, 256 needed.
    // Three deaths take a link below link.min_lanes; two leave it up.
    const std::vector<std::string> tight{"link.lanes=256", "link.spare_lanes=64",
                                         "link.dead_lanes=62", "link.min_lanes=256"};
    auto with = [&tight](const std::string& faults) {
        std::vector<std::string> sets = tight;
        sets.push_back(faults);
        return sets;
    };
    REQUIRE_THROWS_WITH(
        posted_config(with(R"(faults=[{"at_us":1,"event":"lane_down","count":2},)"
                           R"({"at_us":2,"event":"lane_down","lane":5}])")),
        Catch::Contains("faults[0].event = lane_down with workload.op = write_posted: 3 lane "
                        "deaths on every link") &&
            Catch::Contains("leave 255 of its 258 live lanes, below link.min_lanes = 256"));
    // Named faults add up on their link only, per direction.
    REQUIRE_THROWS_WITH(
        posted_config(
            with(R"(faults=[{"at_us":1,"event":"lane_down","count":2},)"
                 R"({"at_us":2,"event":"lane_down","link":"link","direction":"b_to_a"}])")),
        Catch::Contains("3 lane deaths on link (b_to_a)"));
    REQUIRE_NOTHROW(posted_config(
        with(R"(faults=[{"at_us":1,"event":"lane_down","count":1,"direction":"a_to_b"},)"
             R"({"at_us":2,"event":"lane_down","count":2,"direction":"b_to_a"}])")));
    // A link trained below link.min_lanes is down from the start: it drops
    // nothing (routes avoid it), so deaths on it are allowed.
    REQUIRE_NOTHROW(posted_config({"link.dead_lanes=65", "link.min_lanes=256",
                                   R"(faults=[{"at_us":1,"event":"lane_down","count":9}])"}));
    // Bit errors are the link layer's to replay: allowed.
    REQUIRE_NOTHROW(posted_config({"link.ber=1e-9"}));
}

TEST_CASE("posted writes survive lane deaths that leave link.min_lanes", "[posted]") {
    // Two deaths among 258 live lanes with 256 needed, while writes are on
    // the wire: each retrains the link and the link layer replays what the
    // dying lanes corrupted; nothing is dropped, so every write lands once.
    config c = posted_config({"link.lanes=256", "link.spare_lanes=64", "link.dead_lanes=62",
                              "link.min_lanes=256",
                              R"(faults=[{"at_us":5,"event":"lane_down","count":1},)"
                              R"({"at_us":20,"event":"lane_down","count":1}])"});
    p2p_platform top("p2p", c, 1);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE(r.passed());
    CHECK(r.transactions.completed == r.transactions.issued);
    CHECK(r.transactions.checked == r.transactions.issued);
    CHECK(r.transactions.lost == 0);
    for (unsigned g = 0; g < 2; ++g)
        CHECK(top.gpu(g).memory().stats().posted_writes == writes_per_gpu);
    for (const auto* ch : {&top.link().a_to_b(), &top.link().b_to_a()}) {
        CHECK(ch->up());
        CHECK(ch->stats().retrains >= 1);
        CHECK(ch->lanes_active() == 256);
    }
}
