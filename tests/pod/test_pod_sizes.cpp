// SPDX-License-Identifier: Apache-2.0
// nccl-tests' size sweep on the pod (lumen-pod --sizes): one elaboration runs
// every size in turn on real buffers, each checked; every row of the table
// against nccl-tests' definitions (doc/PERFORMANCE.md of nccl-tests, written
// out again here), and the times against alpha-beta at a latency-bound and
// a bandwidth-bound size.
#include "models/workload/collective_cost.h"
#include "pod_test_util.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

using namespace lumen;

namespace {

struct sized_run : test::pod_run {
    using pod_run::pod_run;
    const nlohmann::json& rows() const { return r.workload.at("sizes"); }
};

// nccl-tests' busbw = algbw x factor: all-reduce 2(n-1)/n; all-gather,
// reduce-scatter, all-to-all (n-1)/n; broadcast, send/recv 1.
double nccl_factor(const std::string& kind, double n) {
    if (kind == "allreduce") return 2 * (n - 1) / n;
    if (kind == "allgather" || kind == "reduce_scatter" || kind == "alltoall") return (n - 1) / n;
    return 1;
}

// nccl-tests' count column: the count argument of the call, per GPU where
// the size is the whole gathered, reduced or exchanged buffer.
uint64_t nccl_count(const std::string& kind, uint64_t size, uint64_t n) {
    const bool per_gpu = kind == "allgather" || kind == "reduce_scatter" || kind == "alltoall";
    return size / 8 / (per_gpu ? n : 1);
}

// The 64-bit words GPUs check in one round of `size` bytes: each its whole
// result buffer, but reduce-scatter's 1/n of it.
uint64_t words_checked(const std::string& kind, uint64_t size, uint64_t n) {
    return kind == "reduce_scatter" ? size / 8 : n * size / 8;
}

// Every collective over 512 B, 4 KiB and 32 KiB (512:32K:8) in one run on 8
// GPUs and 4 planes, with bit errors on the links (replayed, never
// delivered): the rows hold each size's figures as nccl-tests defines them,
// every GPU checked every size, and the rounds follow one another.
void check_sweep(const std::string& kind) {
    const std::vector<uint64_t> sizes{512, 4096, 32768};
    const unsigned n = 8;
    sized_run run({"workload.kind=" + kind, "link.ber=1e-7"}, sizes);
    INFO(run.r.workload.dump());
    REQUIRE(run.r.passed());
    REQUIRE(run.rows().size() == sizes.size());
    uint64_t words = 0;
    double total_us = 0, busbw_sum = 0;
    for (size_t k = 0; k < sizes.size(); ++k) {
        const nlohmann::json& row = run.rows()[k];
        INFO("size " << sizes[k]);
        CHECK(row["size_bytes"] == sizes[k]);
        CHECK(row["count"] == nccl_count(kind, sizes[k], n));
        CHECK(row["type"] == "uint64");
        CHECK(row["redop"] == (kind == "allreduce" || kind == "reduce_scatter" ? "sum" : "none"));
        CHECK(row["root"] == (kind == "broadcast" ? 0 : -1));
        CHECK(row["wrong"] == 0);
        const double us = row["time_us"].get<double>();
        REQUIRE(us > 0);
        // algbw = size / time in GB/s (bytes per ns), busbw = algbw x factor.
        const double algbw = double(sizes[k]) / (us * 1000.0);
        CHECK(row["algbw_GBps"].get<double>() == Approx(algbw).epsilon(1e-12));
        CHECK(row["busbw_GBps"].get<double>() ==
              Approx(algbw * nccl_factor(kind, n)).epsilon(1e-12));
        words += words_checked(kind, sizes[k], n);
        total_us += us;
        busbw_sum += row["busbw_GBps"].get<double>();
    }
    // Larger sizes amortize the latency: bandwidth grows along the sweep.
    CHECK(run.rows()[2]["busbw_GBps"].get<double>() > run.rows()[0]["busbw_GBps"].get<double>());
    CHECK(run.r.workload["avg_busbw_GBps"].get<double>() == Approx(busbw_sum / 3));
    CHECK(run.r.workload["words_checked"] == words);
    CHECK(run.r.workload["words_wrong"] == 0);
    // One round after the other, no gap: the rows add up to the run.
    CHECK(total_us * 1000.0 == Approx(run.r.sim_time_ns).epsilon(1e-9));
    // The scalar figures are the largest size's.
    CHECK(run.r.workload["bytes"] == sizes.back());
    CHECK(run.r.workload["busbw_GBps"] == run.rows()[2]["busbw_GBps"]);
}

} // namespace

TEST_CASE("a size sweep of all-reduce: nccl-tests' rows, every size checked", "[pod][sizes]") {
    check_sweep("allreduce");
}
TEST_CASE("a size sweep of reduce-scatter: nccl-tests' rows, every size checked", "[pod][sizes]") {
    check_sweep("reduce_scatter");
}
TEST_CASE("a size sweep of all-gather: nccl-tests' rows, every size checked", "[pod][sizes]") {
    check_sweep("allgather");
}
TEST_CASE("a size sweep of all-to-all: nccl-tests' rows, every size checked", "[pod][sizes]") {
    check_sweep("alltoall");
}
TEST_CASE("a size sweep of broadcast: nccl-tests' rows, every size checked", "[pod][sizes]") {
    check_sweep("broadcast");
}
TEST_CASE("a size sweep of send/recv: nccl-tests' rows, every size checked", "[pod][sizes]") {
    check_sweep("sendrecv");
}

// Ring all-reduce at 512 B, 64 KiB and 8 MiB (512:8M:128) in one run, 8 GPUs.
// At 512 B each of the 2(p-1) steps is one write of c = 64 B, and a step
// lasts the write's round trip (the response is the flag that lets the peer
// go on: pod_write_trip_ps), the first p-1 each followed by the reduction of
// 3c bytes in whole HBM cycles: latency-bound. At 8 MiB the alpha-beta-gamma
// cost of collective_cost.h (alpha, beta, gamma from pod_alpha_beta).
TEST_CASE("a size sweep's times follow alpha-beta at small and large sizes", "[pod][sizes]") {
    const unsigned p = 8;
    const std::vector<uint64_t> sizes{512, 65536, 8ULL << 20};
    sized_run run({"workload.kind=allreduce", "link.ber=0"}, sizes);
    REQUIRE(run.r.passed());
    REQUIRE(run.rows().size() == 3);
    const test::alpha_beta ab = test::pod_alpha_beta(run.c);
    const memory_port_params mem = memory_params_from(run.c);

    const uint64_t c = sizes[0] / p;
    const double cycle_ps = 1000.0 / mem.clock_ghz;
    const double reduce_ps = std::ceil(3.0 * c / (mem.bandwidth_GBps / mem.clock_ghz)) * cycle_ps;
    const double small_ps = 2.0 * (p - 1) * test::pod_write_trip_ps(run.c, c) + (p - 1) * reduce_ps;
    const double small_measured = run.rows()[0]["time_us"].get<double>() * 1e6;
    INFO("small: model " << small_ps << " ps, measured " << small_measured << " ps");
    // The host starts the GPUs 2 ns apart (test_pod_host.cpp): a little skew.
    CHECK(small_measured == Approx(small_ps).epsilon(0.01));
    // Latency-bound: the bytes' stream is a small part of it.
    CHECK(2.0 * (p - 1) / p * double(sizes[0]) * ab.beta_ps_per_byte < 0.1 * small_measured);

    const double large_ps = ring_allreduce_ps(p, double(sizes[2]), ab.alpha_ps, ab.beta_ps_per_byte,
                                              ab.gamma_ps_per_byte);
    const double large_measured = run.rows()[2]["time_us"].get<double>() * 1e6;
    INFO("large: model " << large_ps << " ps, measured " << large_measured << " ps");
    CHECK(large_measured == Approx(large_ps).epsilon(0.02));
    // The reductions are part of it: without them the model is too fast.
    CHECK(large_measured >
          1.04 * ring_allreduce_ps(p, double(sizes[2]), ab.alpha_ps, ab.beta_ps_per_byte, 0));

    // Every size ran on the fabric: each GPU sent 2(p-1)/p of every size.
    double sent = 0;
    for (uint64_t s : sizes) sent += p * ring_allreduce_bytes_sent(p, double(s));
    CHECK(double(run.r.bytes_completed) == sent);
}

// A wrong input word on GPU 2 in the first round: that word of the sum is
// wrong on all 8 GPUs, in that round's row only (the next round writes fresh
// inputs), and the run fails.
TEST_CASE("a size sweep reports the wrong elements of the size they hit", "[pod][sizes]") {
    const std::vector<uint64_t> sizes{512, 4096};
    sized_run run({"workload.kind=allreduce", "link.ber=0"}, sizes, [](pod_platform& top) {
        backing_store& m = top.gpu(2).memory().store();
        uint64_t word = 0;
        m.read(0, reinterpret_cast<unsigned char*>(&word), 8);
        word ^= 1;
        m.write(0, reinterpret_cast<const unsigned char*>(&word), 8);
    });
    REQUIRE(run.rows().size() == 2);
    CHECK(run.rows()[0]["wrong"] == 8);
    CHECK(run.rows()[1]["wrong"] == 0);
    CHECK(run.r.workload["words_wrong"] == 8);
    CHECK_FALSE(run.r.passed());
}

// Without --sizes the table has the one row of workload.collective_bytes,
// the run's time.
TEST_CASE("a single size is a table of one row", "[pod][sizes]") {
    sized_run run({"workload.kind=allgather", "workload.collective_bytes=65536", "link.ber=0"}, {});
    REQUIRE(run.r.passed());
    REQUIRE(run.rows().size() == 1);
    CHECK(run.rows()[0]["size_bytes"] == 65536);
    CHECK(run.rows()[0]["time_us"].get<double>() * 1000.0 == Approx(run.r.sim_time_ns));
    CHECK(run.r.workload["time_us"] == run.rows()[0]["time_us"]);
}
