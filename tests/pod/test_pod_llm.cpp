// SPDX-License-Identifier: Apache-2.0
// Training steps with data parallelism and both pipeline schedules on the
// pod, against independent derivations: the gradient all-reduce's time
// against the alpha-beta model, and the pipeline bubble against
// (pp - 1) / (M + pp - 1) when compute dwarfs communication.
#include "models/workload/collective_cost.h"
#include "pod_test_util.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace lumen;

namespace {

// A pod run that reads the step figures of the results.
struct llm_run : test::pod_run {
    using pod_run::pod_run;
    double us(const char* key) const { return r.workload[key].get<double>(); }
};

} // namespace

// tp 2, pp 1, dp 4 on 8 GPUs: after its one backward, each GPU all-reduces
// its gradients (12h^2 weights of its one layer, half of them, 4 B each: 6
// MiB) with the 3 other replicas of its TP index, in 6 buckets of 1 MiB one
// after the other. Both rings run at once, each GPU sending to one peer and
// receiving from another, as in a pod-wide ring, so each bucket costs
// 2(dp-1)(alpha + b/dp beta) + 3(dp-1)/dp b gamma with the pod's alpha and
// beta of one ring step and gamma of its local reductions (pod_alpha_beta,
// tests/pod/pod_test_util.h; Patarasuk and Yuan, JPDC 2009), and the buckets add up: 6 times that.
TEST_CASE("the data-parallel gradient all-reduce follows the alpha-beta model", "[pod][llm]") {
    llm_run run({"workload.kind=llm_step", "llm.tp=2", "llm.pp=1", "llm.dp=4", "llm.layers=1",
                 "llm.hidden=512", "llm.sequence=64", "llm.micro_batches=1",
                 "llm.dp_bucket_bytes=1048576", "link.ber=0"});
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    const uint64_t bucket = 1 << 20, gradients = 12ULL * 512 * 512 / 2 * 4;
    CHECK(run.r.workload["gradient_bytes"] == gradients);
    REQUIRE(run.r.workload["dp_buckets"] == gradients / bucket);
    const test::alpha_beta ab = test::pod_alpha_beta(run.c);
    const double buckets = double(gradients / bucket);
    const double model_ps = buckets * ring_allreduce_ps(4, double(bucket), ab.alpha_ps,
                                                        ab.beta_ps_per_byte, ab.gamma_ps_per_byte);
    const double measured_ps = run.us("dp_comm_us") * 1e6;
    INFO("alpha " << ab.alpha_ps << " ps, beta " << ab.beta_ps_per_byte << " ps/B, model "
                  << model_ps << " ps, measured " << measured_ps << " ps");
    CHECK(measured_ps == Approx(model_ps).epsilon(0.05));
    // The buckets' latencies count: one 6 MiB all-reduce would be faster.
    CHECK(measured_ps > 1.02 * ring_allreduce_ps(4, double(gradients), ab.alpha_ps,
                                                 ab.beta_ps_per_byte, ab.gamma_ps_per_byte));
    CHECK(run.us("pp_comm_us") == 0.0); // one stage
}

namespace {

// pp 4, tp 2, M 6, at 0.5 TFLOP/s: a layer's forward takes about 100 us and
// its TP all-reduce of 32 KiB a few us. The bubble is (pp - 1) of the M + pp
// - 1 slots of a stage's forward and backward (Huang et al., GPipe); the
// communication inside a slot lengthens every slot alike, so the fraction
// stays, and only the stage-to-stage transfers (about 1 us each) move it.
// With communication made free it is exact: 3 / 9. 1F1B holds min(pp, M)
// micro-batches at stage 0, GPipe all M.
void check_bubble(const std::string& schedule, unsigned peak) {
    llm_run run({"workload.kind=llm_step", "llm.schedule=" + schedule, "llm.tp=2", "llm.pp=4",
                 "llm.layers=4", "llm.hidden=256", "llm.sequence=64", "llm.micro_batches=6",
                 "llm.tflops=0.5", "link.ber=0"});
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    const double pp = 4, M = 6, expected = (pp - 1) / (M + pp - 1);
    const double step = run.us("step_time_us");
    CHECK(run.us("free_comm_bubble_fraction") == Approx(expected).margin(1e-12));
    CHECK(run.us("bubble_fraction") == Approx(expected).margin(0.01));
    CHECK(run.us("bubble_us") == Approx(expected * step).epsilon(0.03));
    // The cut adds up to the step.
    CHECK(run.us("compute_us") + run.us("tp_comm_us") + run.us("pp_comm_us") +
              run.us("dp_comm_us") + run.us("bubble_us") ==
          Approx(step).epsilon(1e-9));
    // Every GPU computes M passes of one layer's forward F and backward 2F.
    const llm_params m = collective_setup_from(run.c, 8, 1).llm;
    const double F = double(m.attention_forward_ps() + m.mlp_forward_ps());
    CHECK(run.us("compute_us") * 1e6 == Approx(M * 3 * F).epsilon(1e-9));
    CHECK(run.us("tp_comm_us") > 0);
    CHECK(run.us("pp_comm_us") > 0);
    CHECK(run.us("dp_comm_us") == 0.0); // one replica
    CHECK(run.us("exposed_comm_us") ==
          Approx(step - run.us("free_comm_step_time_us")).epsilon(1e-9));
    CHECK(run.us("free_comm_step_time_us") * 1e6 == Approx((M + pp - 1) * 3 * F).epsilon(1e-12));
    CHECK(run.r.workload["peak_inflight_micro_batches"] == peak);
    CHECK(run.us("tokens_per_s") == Approx(6 * 64 / (step * 1e-6)).epsilon(1e-9));
}

} // namespace

TEST_CASE("a GPipe step's bubble is (pp - 1) / (M + pp - 1)", "[pod][llm]") {
    check_bubble("gpipe", 6);
}

TEST_CASE("a 1F1B step's bubble is GPipe's, with fewer micro-batches in flight", "[pod][llm]") {
    check_bubble("1f1b", 4);
}
