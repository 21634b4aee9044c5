// SPDX-License-Identifier: Apache-2.0
// A collective's size sweep without a fabric: the sizes MIN:MAX:FACTOR
// gives, which sizes a collective refuses, and the sweep's programs on the
// adversarial untimed interpreter of program_interpreter.h, where only the
// barrier between rounds keeps one round's sends from overtaking another's.
#include "models/workload/collective_sweep.h"
#include "tests/pod/program_interpreter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <vector>

using namespace lumen;

TEST_CASE("sizes run from MIN by FACTOR up to MAX, as nccl-tests steps them", "[collective]") {
    const std::vector<uint64_t> doubling = size_steps(8, 128ULL << 20, 2);
    REQUIRE(doubling.size() == 25); // 2^3 .. 2^27
    for (size_t i = 0; i < doubling.size(); ++i) CHECK(doubling[i] == 8ULL << i);
    // MAX itself only when a step lands on it.
    CHECK(size_steps(65536, 1 << 20, 3) == std::vector<uint64_t>{65536, 196608, 589824});
    CHECK(size_steps(4096, 4096, 2) == std::vector<uint64_t>{4096});
    // No overflow past the top of the range.
    CHECK(size_steps(1ULL << 39, 1ULL << 40, 1 << 20) == std::vector<uint64_t>{1ULL << 39});
    CHECK_THROWS_AS(size_steps(0, 64, 2), std::invalid_argument);
    CHECK_THROWS_AS(size_steps(128, 64, 2), std::invalid_argument);
    CHECK_THROWS_AS(size_steps(64, 128, 1), std::invalid_argument);
}

TEST_CASE("a size is whole words, and equal chunks where the collective deals them",
          "[collective]") {
    for (auto kind : {workload_kind::ALLREDUCE, workload_kind::REDUCE_SCATTER,
                      workload_kind::ALLGATHER, workload_kind::ALLTOALL}) {
        CHECK(collective_bytes_unsupported(kind, 64, 8).empty());
        CHECK_FALSE(collective_bytes_unsupported(kind, 8, 8).empty());
        CHECK_FALSE(collective_bytes_unsupported(kind, 72, 8).empty());
    }
    for (auto kind : {workload_kind::BROADCAST, workload_kind::SENDRECV}) {
        CHECK(collective_bytes_unsupported(kind, 8, 8).empty());
        CHECK_FALSE(collective_bytes_unsupported(kind, 12, 8).empty());
        CHECK_FALSE(collective_bytes_unsupported(kind, 0, 8).empty());
    }
}

// Two rounds whose every send of the second is larger than every send of the
// first; on a random schedule (sends delivered late, GPUs interleaved) the
// log must hold all of round 0's sends before any of round 1's, every round
// ends where its barrier begins, and nothing deadlocks.
TEST_CASE("a sweep's rounds never overlap, whatever the schedule", "[collective]") {
    const unsigned n = 5;
    for (const char* name :
         {"allreduce", "reduce_scatter", "allgather", "alltoall", "broadcast", "sendrecv"})
        for (uint64_t seed : {1u, 2u, 3u}) {
            collective_setup s;
            s.kind = workload_kind_named(name);
            s.gpus = n;
            s.broadcast_slices = 3;
            const std::vector<uint64_t> sizes{8 * n, 8 * n * 64};
            collective_sweep sweep(s, sizes);
            const collective_sweep::programs_t p = sweep.programs();
            size_t first_round_sends = 0;
            for (const auto& program : build_programs(sweep.round(0)))
                for (const auto& op : program)
                    first_round_sends += op.kind == collective_op::SEND && op.bytes > 0;
            for (unsigned g = 0; g < n; ++g) {
                REQUIRE(p.round_ends[g].size() == 2);
                CHECK(p.round_ends[g][1] == p.programs[g].size());
                const collective_op& barrier = p.programs[g][p.round_ends[g][0]];
                CHECK(barrier.kind == (g == 0 ? collective_op::WAIT : collective_op::SEND));
                CHECK(barrier.bytes == 0);
            }
            std::vector<backing_store> mem(n);
            std::vector<test::sent> log;
            INFO(name << ", schedule " << seed);
            REQUIRE(test::interpret(p.programs, mem, &log, seed));
            std::vector<uint64_t> bytes;
            for (const auto& x : log)
                if (x.bytes > 0) bytes.push_back(x.bytes);
            REQUIRE(bytes.size() > first_round_sends);
            CHECK(*std::max_element(bytes.begin(), bytes.begin() + long(first_round_sends)) <
                  *std::min_element(bytes.begin() + long(first_round_sends), bytes.end()));
        }
}
