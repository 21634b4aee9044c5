// SPDX-License-Identifier: Apache-2.0
// Fat trees end to end: an all-to-all reaches every GPU pair with the hop
// counts the fat tree's closed form gives, and a link down before traffic
// is routed around over the remaining equal-cost links, losing nothing.
#include "fabric_collective_util.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace lumen;

namespace {

// All-to-all of a k-ary fat tree (Al-Fares et al., SIGCOMM 2008): N = k^3/4
// GPUs, h = k/2 per edge switch and h^2 per pod. With a 64-byte chunk per
// pair every pair is one write, so the writes by switches crossed are the
// pairs by distance: N(h-1) under one edge (1 switch), N(h^2-h) in one pod
// through an aggregation switch (3), N(N-h^2) across pods through a core
// (5). Every chunk lands in its peer's buffer and is checked there.
void check_all_pairs(unsigned k) {
    const uint64_t N = uint64_t(k) * k * k / 4, h = k / 2, chunk = 64;
    test::fabric_run run({"fabric.topology=fat_tree", "fabric.k=" + std::to_string(k),
                          "workload.kind=alltoall",
                          "workload.collective_bytes=" + std::to_string(N * chunk)});
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    CHECK(run.r.transactions.issued == N * (N - 1));
    CHECK(run.r.transactions.checked == run.r.transactions.issued);
    CHECK(run.r.transactions.mismatches == 0);
    CHECK(run.r.transactions.lost == 0);
    CHECK(run.r.workload["words_wrong"] == 0);
    CHECK(run.r.workload["words_checked"] == N * N * chunk / 8);
    CHECK(run.r.fabric["diameter_hops"] == 5);
    std::map<unsigned, uint64_t> by_hops;
    for (const auto& e : run.r.fabric["latency_by_hops"])
        by_hops[e["switches"].get<unsigned>()] = e["requests"].get<uint64_t>();
    CHECK(by_hops == std::map<unsigned, uint64_t>{
                         {1, N * (h - 1)}, {3, N * (h * h - h)}, {5, N * (N - h * h)}});
}

} // namespace

TEST_CASE("all-to-all on a k=4 fat tree reaches every GPU pair", "[fabric][fat_tree]") {
    check_all_pairs(4);
}

TEST_CASE("all-to-all on a k=8 fat tree reaches every GPU pair", "[fabric][fat_tree]") {
    check_all_pairs(8);
}

// Aggregation switch 0 of pod 0 loses its link to core 0 at time zero. Up*/
// down* routing leaves it the link to core 1 (still a shortest path up), and
// core 0 no longer reaches pod 0 (other pods' aggregation 0 go down through
// core 1 instead). The all-to-all's cross-pod bytes of pod 0 do not change:
// its h^2 = 4 GPUs each write a chunk to each of the N - 4 = 12 outside, and
// receive as many, all through pod 0's aggregation-core links; so the 3 left
// carry those 2 x 48 chunks between them, each some, the downed one none.
TEST_CASE("a core link down before traffic is routed around", "[fabric][fat_tree][faults]") {
    const uint64_t N = 16, chunk = 16384;
    const std::string down = "plane0_pod0_agg0_core0_link";
    test::fabric_run run(
        {"fabric.topology=fat_tree", "fabric.k=4", "workload.kind=alltoall",
         "workload.collective_bytes=" + std::to_string(N * chunk),
         R"(faults=[{"at_us": 0, "event": "link_down", "link": ")" + down + R"("}])"});
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    CHECK(run.r.transactions.lost == 0);
    CHECK(run.r.transactions.mismatches == 0);
    CHECK(run.r.transactions.checked == run.r.transactions.issued);
    CHECK(run.r.workload["words_wrong"] == 0);
    CHECK(run.link_bytes(down) == 0);
    uint64_t total = 0;
    for (const char* name : {"plane0_pod0_agg0_core1_link", "plane0_pod0_agg1_core2_link",
                             "plane0_pod0_agg1_core3_link"}) {
        INFO(name);
        CHECK(run.link_bytes(name) > 0);
        total += run.link_bytes(name);
    }
    CHECK(total == 2 * 4 * (N - 4) * chunk);
}
