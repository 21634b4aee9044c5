// SPDX-License-Identifier: Apache-2.0
// The training step's schedules and programs without a fabric: the passes
// each stage makes (GPipe and 1F1B) and the activations they hold, the step
// with communication made free against the pipeline's closed forms, the
// data-parallel gradient all-reduce's sends, and the placement checks.
#include "models/workload/collective_workload.h"
#include "models/workload/step_breakdown.h"
#include "tests/pod/program_interpreter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace lumen;

namespace {

llm_params small_model(unsigned tp, unsigned pp, unsigned dp, unsigned M, llm_schedule schedule) {
    llm_params m;
    m.tp = tp;
    m.pp = pp;
    m.dp = dp;
    m.layers = 2 * pp;
    m.hidden = 64;
    m.sequence = 16;
    m.micro_batches = M;
    m.schedule = schedule;
    m.dp_bucket_bytes = 4096;
    return m;
}

std::vector<collective_program>
programs_of(const llm_params& m, const std::vector<std::vector<unsigned>>& domains = {}) {
    collective_setup s;
    s.kind = workload_kind::LLM_STEP;
    s.gpus = m.gpus();
    s.llm = m;
    s.groups = domains;
    return build_programs(s);
}

} // namespace

// Each stage runs every micro-batch forward once and backward once, the
// backward after the forward. GPipe runs all M forwards before the first
// backward, so every stage holds M micro-batches' activations at its peak.
// 1F1B: stage s runs pp - s - 1 warm-up forwards (the micro-batch's way
// down the later stages and back), then one more forward before its first
// backward, and from then on frees one for each it adds: it holds
// min(pp - s, M) at most (Narayanan et al., SC 2021, section 2.2.1).
TEST_CASE("GPipe holds M micro-batches, 1F1B at most pp - stage", "[llm]") {
    for (unsigned pp : {1u, 2u, 3u, 4u, 8u})
        for (unsigned M : {1u, 2u, 3u, 4u, 8u, 13u})
            for (unsigned s = 0; s < pp; ++s) {
                INFO("pp " << pp << " M " << M << " stage " << s);
                for (llm_schedule k : {llm_schedule::GPIPE, llm_schedule::ONE_F_ONE_B}) {
                    const std::vector<pipeline_pass> passes = stage_passes(k, s, pp, M);
                    REQUIRE(passes.size() == 2 * M);
                    std::vector<int> forward_at(M, -1), backward_at(M, -1);
                    for (size_t i = 0; i < passes.size(); ++i)
                        (passes[i].backward ? backward_at : forward_at)[passes[i].micro_batch] =
                            int(i);
                    for (unsigned mb = 0; mb < M; ++mb) {
                        CHECK(forward_at[mb] >= 0);
                        CHECK(backward_at[mb] > forward_at[mb]);
                    }
                }
                CHECK(peak_in_flight(stage_passes(llm_schedule::GPIPE, s, pp, M)) == M);
                CHECK(peak_in_flight(stage_passes(llm_schedule::ONE_F_ONE_B, s, pp, M)) ==
                      std::min(pp - s, M));
            }
}

// With communication free, a stage's pass takes F forward (its layers'
// attention and MLP blocks) or B = 2F backward. The last micro-batch
// leaves the last stage's forward after (M + pp - 1) F, and the backward
// wave takes as long again at 2F: the step is (M + pp - 1)(F + B) for GPipe
// (Huang et al., NeurIPS 2019), and the same for 1F1B, which reorders the
// passes but keeps the critical path (Narayanan et al., SC 2021: the same
// bubble, (pp - 1)(F + B)). Every GPU computes M (F + B) of it and idles the
// rest: the bubble is (pp - 1) / (M + pp - 1) of the step, on every GPU.
TEST_CASE("with communication free the bubble is (pp - 1) / (M + pp - 1) for both schedules",
          "[llm]") {
    for (llm_schedule k : {llm_schedule::GPIPE, llm_schedule::ONE_F_ONE_B})
        for (unsigned pp : {1u, 2u, 3u, 4u})
            for (unsigned M : {1u, 2u, 4u, 7u})
                for (unsigned dp : {1u, 2u}) {
                    const llm_params m = small_model(2, pp, dp, M, k);
                    INFO(llm_schedule_names()[size_t(k)] << " pp " << pp << " M " << M << " dp "
                                                         << dp);
                    const std::vector<collective_program> programs = programs_of(m);
                    const auto timelines = free_communication_timelines(programs);
                    const uint64_t F =
                        uint64_t(m.layers / pp) * (m.attention_forward_ps() + m.mlp_forward_ps());
                    const uint64_t step = last_end_ps(timelines);
                    CHECK(step == (M + pp - 1) * 3 * F);
                    const step_breakdown b = breakdown_of(programs, timelines, 0, step);
                    CHECK(b.compute_ps == Approx(double(M * 3 * F)));
                    CHECK(b.bubble_ps / double(step) ==
                          Approx(double(pp - 1) / (M + pp - 1)).margin(1e-12));
                    CHECK(b.tp_ps + b.pp_ps + b.dp_ps == Approx(0.0).margin(1e-6));
                }
}

// A stage's gradients: 12h^2 weights per layer (Narayanan et al.), 1/tp of
// them on each GPU, in buckets of at most llm.dp_bucket_bytes. A ring
// all-reduce of a bucket over dp replicas sends 2(dp - 1) chunks from each
// GPU (Patarasuk and Yuan, JPDC 2009); the two-level form over G leaves of
// L replicas sends 2(L - 1) inside the leaf and 2(G - 1) across
// (hierarchical_allreduce).
TEST_CASE("the gradient all-reduce sends 2(dp - 1) chunks per bucket, or 2(L - 1) + 2(G - 1)",
          "[llm]") {
    llm_params m = small_model(2, 2, 4, 3, llm_schedule::ONE_F_ONE_B);
    const uint64_t weights = 12 * 64 * 64 * 2 / 2; // 2 layers per stage, tp 2
    CHECK(m.gradient_bytes() == weights * 4);
    const std::vector<uint64_t> buckets = m.dp_buckets();
    REQUIRE(buckets.size() == (weights * 4 + 4095) / 4096);
    uint64_t total = 0;
    for (uint64_t b : buckets) total += b;
    CHECK(total == m.gradient_bytes());

    auto dp_sends = [](const std::vector<collective_program>& p, unsigned g,
                       const std::vector<int>& domain) {
        unsigned inside = 0, across = 0;
        for (const auto& op : p[g])
            if (op.kind == collective_op::SEND && op.label == LLM_DP)
                ++(domain[op.peer] == domain[g] ? inside : across);
        return std::make_pair(inside, across);
    };
    const std::vector<int> none(m.gpus(), 0);
    std::vector<collective_program> ring = programs_of(m);
    for (unsigned g = 0; g < m.gpus(); ++g)
        CHECK(dp_sends(ring, g, none).first == 2 * (m.dp - 1) * buckets.size());
    std::vector<backing_store> mem(m.gpus());
    CHECK(test::interpret(ring, mem));

    // 16 GPUs, 4 per leaf: a leaf holds two TP groups, so L = 2 replicas of
    // each stage under a leaf and G = 2 leaves.
    m.dp_algorithm = llm_dp_algorithm::HIERARCHICAL;
    std::vector<std::vector<unsigned>> leaves(4);
    std::vector<int> leaf(m.gpus());
    for (unsigned g = 0; g < m.gpus(); ++g) {
        leaves[g / 4].push_back(g);
        leaf[g] = int(g / 4);
    }
    REQUIRE(llm_placement_unsupported(m, leaves).empty());
    std::vector<collective_program> two_level = programs_of(m, leaves);
    for (unsigned g = 0; g < m.gpus(); ++g) {
        INFO("GPU " << g);
        CHECK(dp_sends(two_level, g, leaf).first == 2 * (2 - 1) * buckets.size());
        CHECK(dp_sends(two_level, g, leaf).second == 2 * (2 - 1) * buckets.size());
    }
    std::vector<backing_store> mem2(m.gpus());
    CHECK(test::interpret(two_level, mem2, nullptr, 3)); // an adversarial order too
}

TEST_CASE("a TP group across two leaves, or replicas uneven over them, cannot be placed", "[llm]") {
    llm_params m = small_model(4, 2, 1, 2, llm_schedule::GPIPE); // 8 GPUs
    std::vector<std::vector<unsigned>> pairs(4);
    for (unsigned g = 0; g < 8; ++g) pairs[g / 2].push_back(g);
    CHECK(llm_placement_unsupported(m, pairs).find("spans two leaf switches") != std::string::npos);
    std::vector<std::vector<unsigned>> quads(2);
    for (unsigned g = 0; g < 8; ++g) quads[g / 4].push_back(g);
    CHECK(llm_placement_unsupported(m, quads).empty());
    CHECK(llm_placement_unsupported(m, {}).empty()); // one scale-up domain

    // tp 2, dp 3 on leaves of 4: stage 0's replicas sit 2 + 1 over two leaves.
    llm_params u = small_model(2, 2, 3, 2, llm_schedule::GPIPE); // 12 GPUs
    u.dp_algorithm = llm_dp_algorithm::HIERARCHICAL;
    std::vector<std::vector<unsigned>> leaves(3);
    for (unsigned g = 0; g < 12; ++g) leaves[g / 4].push_back(g);
    CHECK(llm_placement_unsupported(u, leaves).find("replicas") != std::string::npos);
    CHECK(llm_placement_unsupported(u, {}).find("more than one switch level") != std::string::npos);
    u.dp_algorithm = llm_dp_algorithm::RING;
    CHECK(llm_placement_unsupported(u, leaves).empty());
}
