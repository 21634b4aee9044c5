// SPDX-License-Identifier: Apache-2.0
// Chakra traces replayed on the pod, against derivations by hand: the ring
// all-reduce of a trace against the alpha-beta model of the collective, the
// exposed communication of compute overlapping an all-reduce, a send/recv
// chain hop by hop, compute given as work and memory nodes at the port's
// bandwidth, and every collective type over process groups on real buffers.
#include "../pod/pod_test_util.h"
#include "models/workload/chakra/trace_writer.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>

using namespace lumen;
using namespace lumen::chakra;

namespace {

// Writes `job` under a fresh prefix and runs it on the pod with `sets`.
struct chakra_run {
    std::filesystem::path dir;
    config c;
    std::unique_ptr<pod_platform> top;
    run_results r;
    chakra_run(const std::vector<trace_spec>& job, std::vector<std::string> sets)
        : dir(std::filesystem::temp_directory_path() /
              ("lumen_chakra_run_" + std::to_string(getpid()))) {
        std::filesystem::create_directories(dir);
        write_job((dir / "t").string(), job);
        sets.push_back("workload.kind=chakra");
        sets.push_back("workload.trace=" + (dir / "t").string());
        sets.push_back("link.ber=0");
        c = test::pod_config(sets);
        top = std::make_unique<pod_platform>("pod", c, 1);
        top->simulate(r);
    }
    ~chakra_run() { std::filesystem::remove_all(dir); }
    const nlohmann::json& w() const { return r.workload; }
    double rank(unsigned g, const char* field) const {
        return w()["ranks"][g][field].get<double>();
    }
};

} // namespace

// The trace's one ALL_REDUCE runs the ring all-reduce: 2(p-1) steps of n/p
// bytes (Patarasuk and Yuan, JPDC 2009), T = 2(p-1) alpha + 2(p-1)/p n beta
// + 3(p-1)/p n gamma with alpha and beta of one step and gamma of a local
// reduction (read two chunks, write one) from the pod's parameters alone.
TEST_CASE("a trace's all-reduce takes the alpha-beta time of a ring all-reduce", "[chakra]") {
    const uint64_t n = 8ULL << 20;
    const unsigned p = 8;
    chakra_run run(ring_allreduce_job(p, n), {});
    REQUIRE(run.r.passed());
    const test::alpha_beta ab = test::pod_alpha_beta(run.c);
    const double model_ps = 2.0 * (p - 1) * ab.alpha_ps +
                            2.0 * (p - 1) / p * double(n) * ab.beta_ps_per_byte +
                            3.0 * (p - 1) / p * double(n) * ab.gamma_ps_per_byte;
    const auto& call = run.w()["collective_calls"][0];
    const double measured_ps = call["time_us"].get<double>() * 1e6;
    INFO("model " << model_ps << " ps, measured " << measured_ps << " ps");
    CHECK(measured_ps == Approx(model_ps).epsilon(0.05));
    CHECK(call["busbw_GBps"].get<double>() ==
          Approx(double(n) / (measured_ps / 1000.0) * 2 * (p - 1) / p).epsilon(1e-9));
    // Every GPU checked the whole sum; no compute, so all of it is exposed.
    CHECK(run.w()["words_checked"] == p * n / 8);
    CHECK(run.w()["words_wrong"] == 0);
    for (unsigned g = 0; g < p; ++g) {
        CHECK(run.rank(g, "compute_us") == 0.0);
        CHECK(run.rank(g, "exposed_communication_us") == run.rank(g, "communication_us"));
    }
}

// Each rank: forward (F), then the all-reduce (its time T_r on rank r) beside
// backward_rest (B < T_r), then optimizer_step (S) once both are done. By
// hand: compute = F + B + S; communication = T_r; exposed = T_r - B (only B
// hides it); the rank finishes at F + T_r + S.
TEST_CASE("compute beside an all-reduce hides exactly its own length", "[chakra]") {
    const uint64_t F = 10, B = 5, S = 7;
    chakra_run run(overlap_job(8, 1 << 20, F, B, S), {});
    REQUIRE(run.r.passed());
    for (unsigned g = 0; g < 8; ++g) {
        INFO("rank " << g);
        const double T = run.rank(g, "communication_us");
        REQUIRE(T > double(B));
        CHECK(run.rank(g, "compute_us") == Approx(double(F + B + S)).margin(1e-9));
        CHECK(run.rank(g, "exposed_communication_us") == Approx(T - double(B)).margin(1e-6));
        CHECK(run.rank(g, "finish_us") == Approx(double(F) + T + double(S)).margin(1e-6));
    }
    CHECK(run.w()["exposed_communication_us"].get<double>() ==
          Approx(run.w()["communication_us"].get<double>() - 8.0 * B).margin(1e-5));
}

// Backward_rest longer than the all-reduce: nothing is exposed and every
// rank's step is F + B + S exactly.
TEST_CASE("compute longer than the all-reduce leaves none of it exposed", "[chakra]") {
    const uint64_t F = 10, B = 200, S = 7;
    chakra_run run(overlap_job(8, 1 << 20, F, B, S), {});
    REQUIRE(run.r.passed());
    for (unsigned g = 0; g < 8; ++g) {
        CHECK(run.rank(g, "communication_us") < double(B));
        CHECK(run.rank(g, "exposed_communication_us") == 0.0);
    }
    for (unsigned g = 0; g < 8; ++g)
        CHECK(run.rank(g, "finish_us") == Approx(double(F + B + S)).margin(1e-6));
}

// Rank k receives from k-1 and then forwards: 7 hops one after another, each
// a single transfer of m bytes over a GPU's links: alpha + m beta. Rank k
// is done once its own send has landed (k + 1 hops), the last rank once it
// has received (7 hops).
TEST_CASE("a send/recv chain takes one transfer time per hop", "[chakra]") {
    const uint64_t m = 512 << 10;
    chakra_run run(sendrecv_chain_job(8, m), {});
    REQUIRE(run.r.passed());
    CHECK(run.w()["messages"] == 7);
    CHECK(run.w()["words_checked"] == 7 * m / 8);
    CHECK(run.w()["words_wrong"] == 0);
    const test::alpha_beta ab = test::pod_alpha_beta(run.c);
    const double hop_us = (ab.alpha_ps + double(m) * ab.beta_ps_per_byte) / 1e6;
    for (unsigned g = 1; g < 8; ++g) {
        INFO("rank " << g);
        CHECK(run.rank(g, "finish_us") == Approx(std::min(g + 1, 7u) * hop_us).epsilon(0.05));
    }
}

// COMP given as num_ops runs num_ops / llm.tflops; a MEM_LOAD of b bytes
// takes ceil(b / (bandwidth / clock)) + ceil(latency x clock) HBM cycles;
// they run side by side, and the last COMP waits for both.
TEST_CASE("work at llm.tflops and memory nodes at the memory port", "[chakra]") {
    std::vector<trace_spec> job(8);
    const uint64_t ops = 4000000000ULL, tensor = 3000000;
    for (auto& t : job) {
        node_spec work;
        work.id = 1;
        work.num_ops = ops;
        node_spec load;
        load.id = 2;
        load.kind = node_kind::MEM_LOAD;
        load.bytes = tensor;
        node_spec last;
        last.id = 3;
        last.duration_micros = 1;
        last.data_deps = {1};
        last.ctrl_deps = {2};
        t.nodes = {work, load, last};
        t.integers = int_type::UINT64;
    }
    chakra_run run(job, {"llm.tflops=400"});
    REQUIRE(run.r.passed());
    const memory_port_params mem = memory_params_from(run.c);
    const double cycle_ns = 1.0 / mem.clock_ghz;
    const double load_us = (std::ceil(double(tensor) / (mem.bandwidth_GBps / mem.clock_ghz)) +
                            std::ceil(mem.latency_ns * mem.clock_ghz)) *
                           cycle_ns / 1000.0;
    const double work_us = double(ops) / 400e12 * 1e6; // 10 us
    for (unsigned g = 0; g < 8; ++g) {
        CHECK(run.rank(g, "compute_us") == Approx(work_us + 1.0).margin(1e-6));
        CHECK(run.rank(g, "memory_us") == Approx(load_us).margin(1e-6));
        CHECK(run.rank(g, "finish_us") == Approx(std::max(work_us, load_us) + 1.0).margin(1e-6));
    }
}

// Two tensor-parallel groups declared by a METADATA node and the default
// group of all: every collective type, each on its own buffers, checked on
// every member. Words each member checks: the whole buffer (all-reduce,
// all-gather, all-to-all, broadcast), its 1/q chunk (reduce-scatter), the
// barrier's one word per rank.
TEST_CASE("every collective type over process groups moves the right bytes", "[chakra]") {
    const uint64_t b = 256 << 10;
    std::vector<trace_spec> job(8);
    for (unsigned r = 0; r < 8; ++r) {
        trace_spec& t = job[r];
        t.groups = {{"tp0", {0, 1, 2, 3}}, {"tp1", {4, 5, 6, 7}}};
        const std::string tp = r < 4 ? "tp0" : "tp1";
        const std::vector<std::pair<coll_kind, std::string>> calls{
            {coll_kind::ALL_GATHER, tp}, {coll_kind::REDUCE_SCATTER, ""},
            {coll_kind::ALL_TO_ALL, tp}, {coll_kind::BROADCAST, "0"},
            {coll_kind::ALL_REDUCE, tp}, {coll_kind::BARRIER, ""}};
        for (size_t k = 0; k < calls.size(); ++k) {
            node_spec n;
            n.id = k + 1;
            n.name = std::string(coll_name(calls[k].first));
            n.kind = node_kind::COLL;
            n.coll = calls[k].first;
            n.bytes = calls[k].first == coll_kind::BARRIER ? 0 : b;
            n.pg_name = calls[k].second;
            if (k > 0) n.data_deps = {k};
            t.nodes.push_back(n);
        }
    }
    chakra_run run(job, {});
    REQUIRE(run.r.passed());
    CHECK(run.w()["words_wrong"] == 0);
    const uint64_t w = b / 8;
    const uint64_t per_tp_member = w + w + w, per_all_member = w / 8 + w + 8;
    CHECK(run.w()["words_checked"] == 8 * (per_tp_member + per_all_member));
    // Three calls in each TP group, three over all ranks.
    const auto& calls = run.w()["collective_calls"];
    REQUIRE(calls.size() == 9);
    for (const auto& c : calls) {
        const bool tp = c["pg_name"] != "" && c["pg_name"] != "0";
        CHECK(c["ranks"] == (tp ? 4 : 8));
        CHECK(c["time_us"].get<double>() > 0);
    }
}
