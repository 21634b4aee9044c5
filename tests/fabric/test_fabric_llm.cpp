// SPDX-License-Identifier: Apache-2.0
// A training step's data-parallel gradient all-reduce on a leaf-spine,
// hierarchical over the leaves, against the two-level alpha-beta model
// derived per level from the tiers' parameters (fabric_collective_util.h).
#include "fabric_collective_util.h"
#include "models/workload/collective_cost.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace lumen;

// The leaf-spine of test_fabric_collectives.cpp: 32 GPUs under 4 leaves of
// 8, 2 spines, spray over a leaf's 2 uplinks; 10 m 800G optics between
// leaves and spines. tp 2, pp 1, dp 16 with tp_inner: GPU 2d + j is replica
// d at TP index j, so each leaf holds L = 4 replicas of each TP index and
// the G = 4 leaves hold the rest. Each GPU's gradients (half of one layer's
// 12h^2 weights, 4 B each: 1.5 MiB) go in one bucket, all-reduced by
// hierarchical_allreduce: rings of 4 inside the leaf, then rings of 4
// across, then inside again. Both TP indices' all-reduces run at once, so a GPU
// sends to one peer and receives from one in every phase, and all 8 GPUs of
// a leaf send across at once in the middle phase, as in the 32-GPU
// hierarchical all-reduce (uplink share 8 flows x 1/2 = 4):
// hierarchical_allreduce_ps(4, 4, 1.5 MiB), whose gamma term is each
// phase's local reductions at the memory port. (With several buckets a GPU may
// start the next bucket while others are still crossing the uplinks, so
// the buckets overlap and take less than their sum.)
TEST_CASE("a hierarchical gradient all-reduce on a leaf-spine follows the two-level model",
          "[fabric][llm]") {
    test::fabric_run run(
        {"fabric.gpus=32", "fabric.gpus_per_leaf=8", "fabric.spines=2",
         "fabric.uplinks_per_spine=1", "fabric.routing=spray", "link.ber=0",
         "tiers.gpu_leaf.length_m=1",
         R"(tiers.leaf_spine={"preset": "optics-800g-pluggable", "length_m": 10, "link": {"ber": 0}})",
         "workload.kind=llm_step", "llm.tp=2", "llm.pp=1", "llm.dp=16", "llm.layers=1",
         "llm.hidden=256", "llm.sequence=64", "llm.micro_batches=1",
         "llm.dp_algorithm=hierarchical"});
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    const uint64_t gradients = 12ULL * 256 * 256 / 2 * 4;
    REQUIRE(run.r.workload["dp_buckets"] == 1);
    const test::leaf_spine_steps s = test::leaf_spine_alpha_beta(run.c, 8.0 / 2);
    const two_level_alpha_beta ab{s.in.alpha_ps, s.in.beta_ps_per_byte, s.out.alpha_ps,
                                  s.out.beta_ps_per_byte, test::memory_gamma_ps_per_byte(run.c)};
    const double model_ps = hierarchical_allreduce_ps(4, 4, double(gradients), ab);
    const double measured_ps = run.r.workload["dp_comm_us"].get<double>() * 1e6;
    INFO("model " << model_ps << " ps, measured " << measured_ps << " ps");
    CHECK(measured_ps == Approx(model_ps).epsilon(0.05));
    // Only the middle phase leaves a leaf: 2(G-1)/(L G) of the gradients per
    // GPU, 8 GPUs per leaf, over its 2 uplinks (and as much back in).
    const uint64_t out_per_leaf =
        uint64_t(hierarchical_bytes_sent_across(4, 4, double(gradients)) * 8);
    for (unsigned spine = 0; spine < 2; ++spine)
        CHECK(run.link_bytes("plane0_leaf0_spine" + std::to_string(spine) + "_link0") ==
              out_per_leaf);
}
