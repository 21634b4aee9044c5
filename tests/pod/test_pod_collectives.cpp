// SPDX-License-Identifier: Apache-2.0
// Collectives on the pod against independent derivations: the ring
// all-reduce time against the alpha-beta model, its bus bandwidth against
// the links' payload capacity, all-to-all's spread over planes and ports,
// and every collective's result buffers on every GPU.
#include "models/platform/model_config.h"
#include "models/workload/collective_cost.h"
#include "pod_test_util.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace lumen;

// Ring all-reduce: 2(p-1) steps of n/p bytes each (Patarasuk and Yuan, JPDC
// 2009), the first p-1 each followed by the reduction of the chunk received
// (3 n/p bytes through the memory port) before the next step sends it, so
// T = 2(p-1) alpha + 2(p-1)/p n beta + 3(p-1)/p n gamma with alpha, beta
// and gamma from pod_alpha_beta (pod_test_util.h).
TEST_CASE("ring all-reduce time follows the alpha-beta model within 5 percent", "[pod]") {
    const uint64_t n = 32ULL << 20;
    const unsigned p = 8, planes = 4;
    test::pod_run run({"workload.kind=allreduce", "workload.collective_bytes=" + std::to_string(n),
                       "link.ber=0"});
    REQUIRE(run.r.passed());
    const serdes::link_params l = link_params_from(run.c);
    const test::alpha_beta ab = test::pod_alpha_beta(run.c);
    const double model_ps =
        ring_allreduce_ps(p, double(n), ab.alpha_ps, ab.beta_ps_per_byte, ab.gamma_ps_per_byte);
    const double measured_ps = run.r.workload["time_us"].get<double>() * 1e6;
    INFO("alpha " << ab.alpha_ps << " ps, beta " << ab.beta_ps_per_byte << " ps/B, gamma "
                  << ab.gamma_ps_per_byte << " ps/B, model " << model_ps << " ps, measured "
                  << measured_ps << " ps");
    CHECK(measured_ps == Approx(model_ps).epsilon(0.05));
    // Neither the stream alone nor the stream and alpha without the
    // reductions is enough.
    CHECK(measured_ps >
          1.05 * ring_allreduce_ps(p, double(n), ab.alpha_ps, ab.beta_ps_per_byte, 0));

    // nccl-tests' bus bandwidth of a large all-reduce: n / T x 2(p-1)/p, so
    // the per-byte costs of the steps bound it: 1 / (beta + 3/2 gamma) (the
    // reductions move 3/2 of what is sent), below what one GPU's links carry
    // in payload (link_params::payload_capacity_GBps).
    const double busbw = run.r.workload["busbw_GBps"].get<double>();
    const double capacity = planes * l.payload_capacity_GBps();
    const double bound = 1000.0 / (ab.beta_ps_per_byte + 1.5 * ab.gamma_ps_per_byte);
    INFO("busbw " << busbw << " GB/s, bound " << bound << " GB/s, capacity " << capacity);
    CHECK(busbw <= capacity);
    CHECK(busbw <= bound);
    CHECK(busbw >= 0.95 * bound);
    CHECK(run.r.workload["algbw_GBps"].get<double>() ==
          Approx(double(n) / (measured_ps / 1000.0)).epsilon(1e-9));
}

// All-to-all sends n/p bytes from every GPU to every other; with addresses
// interleaved over the planes in 4 KiB blocks and chunks that are whole
// blocks, every GPU's link to every plane carries the same bytes, and every
// switch port forwards the same.
TEST_CASE("all-to-all spreads bytes evenly over planes and ports", "[pod]") {
    const unsigned p = 8, planes = 4;
    const uint64_t n = 4ULL << 20;
    test::pod_run run(
        {"workload.kind=alltoall", "workload.collective_bytes=" + std::to_string(n), "link.ber=0"});
    REQUIRE(run.r.passed());
    CHECK(run.r.workload["words_wrong"] == 0);
    CHECK(run.r.workload["words_checked"] == p * n / 8);
    const uint64_t per_link = (p - 1) * (n / p) / planes;
    for (unsigned g = 0; g < p; ++g)
        for (unsigned s = 0; s < planes; ++s) {
            INFO("gpu " << g << " plane " << s);
            CHECK(run.top.link(g, s).a_to_b().stats().payload_bytes == per_link);
            CHECK(run.top.link(g, s).b_to_a().stats().payload_bytes == per_link);
        }
    for (unsigned s = 0; s < planes; ++s) {
        switch_stats st = run.top.plane_switch(s).stats();
        REQUIRE(st.ports.size() == p);
        for (unsigned port = 0; port < p; ++port) {
            INFO("plane " << s << " port " << port);
            // Requests to the port's GPU and responses to its writes.
            CHECK(st.ports[port].requests_forwarded == per_link / 4096);
            CHECK(st.ports[port].responses_forwarded == per_link / 4096);
        }
        CHECK(run.top.plane_switch(s).in_flight() == 0);
    }
}

namespace {

void check_collective(const std::string& kind) {
    // 6 GPUs (not a power of two) on 3 planes, 1 KiB requests, odd chunking.
    const uint64_t n = 6 * 8 * 12345;
    test::pod_run run({"workload.kind=" + kind, "workload.collective_bytes=" + std::to_string(n),
                       "pod.gpus=6", "pod.planes=3", "workload.request_bytes=1024",
                       "workload.broadcast_slices=5", "link.ber=1e-6"});
    INFO(run.r.to_json().dump());
    REQUIRE(run.r.passed());
    CHECK(run.r.transactions.issued > 0);
    CHECK(run.r.transactions.checked == run.r.transactions.issued);
    CHECK(run.r.workload["words_wrong"] == 0);
    CHECK(run.r.workload["words_checked"].get<uint64_t>() > 0);
    // Bit errors on the links were caught and replayed, never delivered.
    uint64_t retries = 0;
    for (const auto& l : run.r.links) retries += l.retries;
    CHECK(retries > 0);
}

} // namespace

TEST_CASE("all-reduce leaves the sum on every GPU", "[pod]") {
    check_collective("allreduce");
}
TEST_CASE("reduce-scatter leaves each GPU its chunk of the sum", "[pod]") {
    check_collective("reduce_scatter");
}
TEST_CASE("all-gather leaves every chunk on every GPU", "[pod]") {
    check_collective("allgather");
}
TEST_CASE("all-to-all transposes the chunks", "[pod]") {
    check_collective("alltoall");
}
TEST_CASE("broadcast copies GPU 0's buffer everywhere", "[pod]") {
    check_collective("broadcast");
}
TEST_CASE("send/recv shifts every buffer to the next GPU", "[pod]") {
    check_collective("sendrecv");
}

// A GPipe step with blocking tensor-parallel all-reduces: (M + pp - 1)
// pipeline slots of one stage's forward and backward, each layer's blocks
// followed by a ring all-reduce of the activations among the tp GPUs (its
// reductions included, collective_cost.h), plus 2(pp - 1) stage-to-stage
// transfers of 1/tp of the activations (Huang et al., GPipe, NeurIPS 2019;
// Narayanan et al., SC 2021).
TEST_CASE("an LLM training step follows its schedule's cost model", "[pod]") {
    test::pod_run run({"workload.kind=llm_step", "llm.layers=2", "llm.hidden=1024",
                       "llm.sequence=256", "llm.micro_batches=2", "llm.tp=4", "llm.pp=2",
                       "link.ber=0"});
    REQUIRE(run.r.passed());
    const llm_params m = collective_setup_from(run.c, unsigned(run.c.integer("pod.gpus")), 1).llm;
    const test::alpha_beta ab = test::pod_alpha_beta(run.c);
    const double act = double(m.activation_bytes()), q = m.tp;
    const double allreduce_ps =
        ring_allreduce_ps(m.tp, act, ab.alpha_ps, ab.beta_ps_per_byte, ab.gamma_ps_per_byte);
    const double transfer_ps = ab.alpha_ps + act / q * ab.beta_ps_per_byte;
    const double layers = m.layers / m.pp;
    const double f = double(m.attention_forward_ps() + m.mlp_forward_ps());
    const double stage_forward = layers * (f + 2 * allreduce_ps);
    const double stage_backward = layers * (2 * f + 2 * allreduce_ps);
    const double model_ps = (m.micro_batches + m.pp - 1) * (stage_forward + stage_backward) +
                            2 * (m.pp - 1) * transfer_ps;
    const double measured_ps = run.r.workload["step_time_us"].get<double>() * 1e6;
    INFO("model " << model_ps << " ps, measured " << measured_ps << " ps");
    CHECK(measured_ps == Approx(model_ps).epsilon(0.05));
    const double ideal_ps = run.r.workload["ideal_step_time_us"].get<double>() * 1e6;
    CHECK(ideal_ps == Approx(double(m.ideal_step_ps())));
    CHECK(run.r.workload["interconnect_wait_fraction"].get<double>() ==
          Approx((measured_ps - ideal_ps) / measured_ps).epsilon(1e-9));
    CHECK(run.r.workload["interconnect_wait_fraction"].get<double>() > 0.1);
}

// The same model for another shape: 4 GPUs on 2 planes, 2 KiB writes, a
// slower memory (more alpha), so that no constant of the default fits by
// luck. (A longer fiber would leave the model's range: the link's credit
// window, link.rx_buffer_flits, stops covering its round trip, and beta
// becomes window / round trip.)
TEST_CASE("ring all-reduce on 4 GPUs and 2 planes follows the alpha-beta model", "[pod]") {
    const uint64_t n = 8ULL << 20;
    const unsigned p = 4;
    test::pod_run run({"workload.kind=allreduce", "workload.collective_bytes=" + std::to_string(n),
                       "pod.gpus=4", "pod.planes=2", "workload.request_bytes=2048",
                       "memory.latency_ns=300", "link.ber=0"});
    REQUIRE(run.r.passed());
    const test::alpha_beta ab = test::pod_alpha_beta(run.c);
    const double model_ps =
        ring_allreduce_ps(p, double(n), ab.alpha_ps, ab.beta_ps_per_byte, ab.gamma_ps_per_byte);
    const double measured_ps = run.r.workload["time_us"].get<double>() * 1e6;
    INFO("alpha " << ab.alpha_ps << " ps, beta " << ab.beta_ps_per_byte << " ps/B, gamma "
                  << ab.gamma_ps_per_byte << " ps/B");
    CHECK(measured_ps == Approx(model_ps).epsilon(0.05));
}

// A link that stays down (here from the start, as a link trained below
// link.min_lanes would) carries nothing: requests that interleave to its
// plane go over the other planes, and the collective still completes with the
// right sums on every GPU.
TEST_CASE("traffic leaves a link that is down for the other planes", "[pod][faults]") {
    test::pod_run run(
        {"workload.kind=allreduce", "workload.collective_bytes=1048576", "pod.gpus=4",
         "pod.planes=2", "link.ber=0",
         R"(faults=[{"at_us": 0, "event": "link_down", "link": "gpu1_plane0_link"}])"});
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    CHECK(run.r.workload["words_wrong"] == 0);
    CHECK(run.top.link(1, 0).a_to_b().stats().payload_bytes == 0);
    CHECK(run.top.link(1, 0).b_to_a().stats().payload_bytes == 0);
    CHECK(run.top.link(1, 1).a_to_b().stats().payload_bytes > 0);
    // GPUs other than 1 still use plane 0 among themselves: GPU 3 writes its
    // ring neighbour GPU 0 through it.
    CHECK(run.top.link(0, 0).b_to_a().stats().payload_bytes > 0);
}
