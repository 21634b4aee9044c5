// SPDX-License-Identifier: Apache-2.0
// A leaf-spine loses a spine's link mid run (docs/faults.md): the switches
// are reprogrammed around it and the GPUs send what it held again, so every
// transaction completes and is checked against the data written.
#include "fabric_run_util.h"

#include <catch2/catch.hpp>

using namespace lumen;
using namespace lumen::fabric::test;

TEST_CASE("a leaf-spine loses nothing when a spine's link dies mid run", "[fabric][recovery]") {
    // 16 GPUs under 4 leaves, 4 spines, one uplink each: every leaf pair has
    // 4 paths. Uniform mixed traffic, 512 requests of 4 KiB per GPU (about
    // 55 us at the default load); leaf 0's link to spine 0 dies at 25 us.
    const config c = fabric_config(
        {"fabric.topology=leaf_spine", "fabric.gpus=16", "fabric.gpus_per_leaf=4",
         "fabric.spines=4", "fabric.uplinks_per_spine=1", "switch.ports=8", "workload.kind=pattern",
         "workload.pattern=uniform", "workload.bytes=2097152",
         R"(faults=[{"at_us": 25, "event": "link_down", "link": "plane0_leaf0_spine0_link0"}])"});
    run_results r;
    fabric_description().run(c, run_options{}, r);
    INFO(r.failure);
    REQUIRE(r.passed());
    const transaction_counts& t = r.transactions;
    CHECK(t.issued == 16 * 512);
    CHECK(t.completed == t.issued);
    CHECK(t.checked == t.issued);
    CHECK(t.lost == 0);
    CHECK(t.mismatches == 0);
    const nlohmann::json& rec = r.recovery;
    REQUIRE(rec["links_failed"].size() == 2);
    CHECK(rec["links_failed"][0]["name"] == "fabric.plane0_leaf0_spine0_link0.a_to_b");
    CHECK(rec["given_up"] == 0);
    // Every message the dead link dropped, and what its replay buffer kept,
    // was a request left unanswered: each was sent again, and its copy took
    // another spine (the reissues all completed, none was given up).
    const uint64_t dropped = rec["dropped_by_down_links"].get<uint64_t>();
    CHECK(dropped > 0);
    CHECK(rec["reissued"].get<uint64_t>() >= dropped);
}
