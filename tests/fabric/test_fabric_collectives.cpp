// SPDX-License-Identifier: Apache-2.0
// Collectives on multi-tier fabrics against independent derivations: ring
// and hierarchical all-reduce times on a leaf-spine against alpha-beta
// costs derived per level from the tiers' parameters, every GPU pair of a
// fat tree reached with the hop counts its closed form gives, and a link
// down before traffic routed around over the remaining equal-cost links.
#include "fabric_collective_util.h"
#include "models/workload/collective_cost.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace lumen;

namespace {

// 32 GPUs under 4 leaves of 8 (L = 8, G = 4), 2 spines, one link from each
// leaf to each spine: 2 uplinks per leaf, 4:1 in links. The GPUs' links are
// 1 m of the default Micro LED bundle (in-rack); the leaf-spine links 10 m
// of 800G pluggable optics (about twice the payload rate, and RS-FEC's
// latency on every crossing). Spray deals each flow's writes round robin
// over a leaf's 2 uplinks, so every uplink carries an exact half of every
// flow that leaves the leaf, whatever the flows are.
const std::vector<std::string> leaf_spine_32 = {
    "fabric.gpus=32",
    "fabric.gpus_per_leaf=8",
    "fabric.spines=2",
    "fabric.uplinks_per_spine=1",
    "fabric.routing=spray",
    "link.ber=0",
    "tiers.gpu_leaf.length_m=1",
    R"(tiers.leaf_spine={"preset": "optics-800g-pluggable", "length_m": 10, "link": {"ber": 0}})"};
constexpr unsigned gpus = 32, per_leaf = 8, leaves = 4, uplinks_per_leaf = 2;

std::vector<std::string> with(std::vector<std::string> v, const std::vector<std::string>& more) {
    v.insert(v.end(), more.begin(), more.end());
    return v;
}

// Every buffer the collective wrote was read back and checked.
void check_buffers(const test::fabric_run& run, uint64_t bytes) {
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    CHECK(run.r.transactions.issued > 0);
    CHECK(run.r.transactions.checked == run.r.transactions.issued);
    CHECK(run.r.transactions.mismatches == 0);
    CHECK(run.r.transactions.lost == 0);
    CHECK(run.r.workload["words_wrong"] == 0);
    CHECK(run.r.workload["words_checked"] == run.r.workload["gpus"].get<uint64_t>() * bytes / 8);
}

} // namespace

// Ring all-reduce over GPUs 0..N-1: 2(N-1) steps of c = n/N bytes. Every
// step has N - G in-leaf sends (GPU -> leaf -> GPU) and G cross-leaf ones
// (the last GPU of a leaf to the first of the next: GPU -> leaf -> spine ->
// leaf -> GPU), each its own cost alpha + c beta (leaf_spine_alpha_beta).
// Spray halves a cross-leaf flow over the 2 uplinks, and the optics are
// faster, so the GPU's own link paces both kinds: beta_out = beta_in, and the
// cross-leaf step costs more only by its alpha (two more switches, two
// FEC'd crossings each way).
// The steps are not in lockstep, so a step does not cost the max of the two
// kinds: a GPU sends step s once its predecessor's step s-1 has landed
// (each write's response is the flag), so the finish is the longest chain
// of sends, each to the next GPU, and the chain that starts at GPU j
// crosses the 2N - 2 consecutive edges j, j+1, ... around the ring (staying
// on one GPU instead saves its alpha: its sends stream back to back). Those
// edges cover every edge twice but two consecutive ones (j-2, j-1); with
// L >= 3 both can be in-leaf, so the longest chain holds all 2G cross-leaf
// steps: T = 2(N-1) (alpha_in + c beta_in) + 2G (step_out - step_in), the
// ring formula at the in-leaf step plus the cross-leaf excess 2G times. Each
// of the chain's N-1 reduce-scatter steps also reduces its chunk before the
// next send (3c bytes at the memory port, gamma per byte), on every GPU
// alike: ring_allreduce_ps's 3(N-1) c gamma.
TEST_CASE("ring all-reduce on a leaf-spine: in-leaf steps plus 2G cross-leaf excesses",
          "[fabric][collective]") {
    const uint64_t n = 4ULL << 20;
    test::fabric_run run(
        with(leaf_spine_32, {"workload.algorithm=ring", "workload.collective_bytes=4194304"}));
    check_buffers(run, n);
    const test::leaf_spine_steps s = test::leaf_spine_alpha_beta(run.c, 1.0 / uplinks_per_leaf);
    const double c = double(n) / gpus;
    const double gamma = test::memory_gamma_ps_per_byte(run.c);
    const double step_in = s.in.alpha_ps + c * s.in.beta_ps_per_byte;
    const double step_out = s.out.alpha_ps + c * s.out.beta_ps_per_byte;
    const double model_ps =
        ring_allreduce_ps(gpus, double(n), s.in.alpha_ps, s.in.beta_ps_per_byte, gamma) +
        2.0 * leaves * (step_out - step_in);
    const double measured_ps = run.time_ps();
    INFO("in: alpha " << s.in.alpha_ps << " ps, beta " << s.in.beta_ps_per_byte
                      << " ps/B; out: alpha " << s.out.alpha_ps << " ps, beta "
                      << s.out.beta_ps_per_byte << " ps/B; model " << model_ps << " ps, measured "
                      << measured_ps << " ps");
    CHECK(s.out.beta_ps_per_byte == Approx(s.in.beta_ps_per_byte));
    CHECK(measured_ps == Approx(model_ps).epsilon(0.03));
    // Bandwidth-bound: the stream is most of a step.
    CHECK(c * s.in.beta_ps_per_byte > 0.8 * step_in);
    // Neither simpler reading fits: every step at the slower kind's cost
    // (lockstep), nor the cross-leaf alpha ignored.
    CHECK(measured_ps <
          0.97 * ring_allreduce_ps(gpus, double(n), s.out.alpha_ps, s.out.beta_ps_per_byte, gamma));
    CHECK(measured_ps >
          1.03 * ring_allreduce_ps(gpus, double(n), s.in.alpha_ps, s.in.beta_ps_per_byte, gamma));
}

// Hierarchical all-reduce (collective_cost.h): reduce-scatter and
// all-gather inside each leaf, (L-1) steps of n/L each, at the in-leaf
// alpha and beta; between them L rings across the G leaves at once, each
// GPU with its peers at the same local index, 2(G-1) steps of n/(L G).
// Phase b's L flows leaving a leaf share its S x U = 2 uplinks: spray deals
// each over both, so each uplink carries L / (S U) = 4 flows' bytes (and,
// the other way, the responses to the 4 flows coming in); each spine's one
// link down to the next leaf likewise carries 4. At 4 flows the uplink, not
// the GPU's link, paces the step: beta_out is 4 times the optics' wire time
// per byte, about twice beta_in; alpha_out the cross-leaf trip less the
// uplink's serialization of the last write. The reductions of phase a and
// of phase b's reduce-scatter cost gamma per byte moved at the memory port.
TEST_CASE("hierarchical all-reduce on a leaf-spine follows the two-level alpha-beta model",
          "[fabric][collective]") {
    const uint64_t n = 4ULL << 20;
    test::fabric_run run(with(
        leaf_spine_32, {"workload.algorithm=hierarchical", "workload.collective_bytes=4194304"}));
    check_buffers(run, n);
    const double share = double(per_leaf) / uplinks_per_leaf;
    const test::leaf_spine_steps s = test::leaf_spine_alpha_beta(run.c, share);
    const double gamma = test::memory_gamma_ps_per_byte(run.c);
    const two_level_alpha_beta ab{s.in.alpha_ps, s.in.beta_ps_per_byte, s.out.alpha_ps,
                                  s.out.beta_ps_per_byte, gamma};
    const double model_ps = hierarchical_allreduce_ps(per_leaf, leaves, double(n), ab);
    const double measured_ps = run.time_ps();
    INFO("in: alpha " << ab.alpha_in_ps << " ps, beta " << ab.beta_in_ps_per_byte
                      << " ps/B; out: alpha " << ab.alpha_out_ps << " ps, beta "
                      << ab.beta_out_ps_per_byte << " ps/B; model " << model_ps << " ps, measured "
                      << measured_ps << " ps");
    CHECK(ab.beta_out_ps_per_byte > 1.5 * ab.beta_in_ps_per_byte);
    CHECK(measured_ps == Approx(model_ps).epsilon(0.03));
    // The uplinks' share matters: one flow per uplink would be too fast.
    const test::leaf_spine_steps unshared = test::leaf_spine_alpha_beta(run.c, 1.0);
    const two_level_alpha_beta ab1{s.in.alpha_ps, s.in.beta_ps_per_byte, unshared.out.alpha_ps,
                                   unshared.out.beta_ps_per_byte, gamma};
    CHECK(measured_ps > 1.03 * hierarchical_allreduce_ps(per_leaf, leaves, double(n), ab1));
    // Only phase b leaves a leaf: each leaf's 2 uplinks carry its L GPUs'
    // 2(G-1)/(L G) n bytes out (and as much in), half on each.
    const uint64_t out_per_leaf =
        uint64_t(hierarchical_bytes_sent_across(per_leaf, leaves, double(n)) * per_leaf);
    for (unsigned leaf = 0; leaf < leaves; ++leaf)
        for (unsigned spine = 0; spine < 2; ++spine) {
            const std::string name =
                "plane0_leaf" + std::to_string(leaf) + "_spine" + std::to_string(spine) + "_link0";
            INFO(name);
            CHECK(run.link_bytes(name) == out_per_leaf);
        }
}
