// SPDX-License-Identifier: Apache-2.0
// The hierarchical all-reduce's programs on the untimed interpreter
// (program_interpreter.h), in order and on adversarial schedules: every GPU
// ends with the sum, nothing deadlocks, a wrong word is caught, and the
// traffic is what the algorithm's three phases imply, counted send by send
// and held against the alpha-beta formulas of collective_cost.h.
#include "models/workload/collective_cost.h"
#include "models/workload/collective_workload.h"
#include "tests/pod/program_interpreter.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

using namespace lumen;
using test::interpret;

namespace {

using group_list = std::vector<std::vector<unsigned>>;

// G groups of L consecutive GPUs, as leaf switches usually number them.
group_list contiguous(unsigned G, unsigned L) {
    group_list groups(G);
    for (unsigned g = 0; g < G; ++g)
        for (unsigned i = 0; i < L; ++i) groups[g].push_back(g * L + i);
    return groups;
}

collective_setup hierarchical(const group_list& groups, uint64_t words_per_sub_chunk = 37) {
    collective_setup s;
    s.kind = workload_kind::ALLREDUCE;
    s.algorithm = allreduce_algorithm::HIERARCHICAL;
    s.groups = groups;
    s.gpus = unsigned(groups.size() * groups.front().size());
    s.bytes = 8 * s.gpus * words_per_sub_chunk;
    s.seed = 5;
    return s;
}

std::vector<backing_store> initialized(const collective_setup& s) {
    std::vector<backing_store> mem(s.gpus);
    for (unsigned g = 0; g < s.gpus; ++g) initialize(s, g, mem[g]);
    return mem;
}

uint64_t words_wrong(const collective_setup& s, const std::vector<backing_store>& mem) {
    result_checker checker(s);
    uint64_t wrong = 0;
    for (unsigned g = 0; g < s.gpus; ++g) wrong += checker.check(g, mem[g]).words_wrong;
    return wrong;
}

const std::vector<group_list>& shapes() {
    static const std::vector<group_list> all{
        contiguous(2, 4),
        contiguous(4, 2),
        contiguous(4, 4),
        contiguous(1, 8), // one leaf: a ring inside it
        contiguous(8, 1), // one GPU per leaf: a ring across them
        {{0, 2, 4, 6}, {1, 3, 5, 7}},
        {{5, 1, 7}, {0, 6, 2}, {4, 8, 3}}, // any order inside and across
    };
    return all;
}

} // namespace

TEST_CASE("hierarchical all-reduce leaves the sum on every GPU", "[collective]") {
    for (const group_list& groups : shapes()) {
        collective_setup s = hierarchical(groups);
        INFO(groups.size() << " groups of " << groups.front().size());
        std::vector<collective_program> programs = build_programs(s);
        for (uint64_t schedule = 0; schedule <= 8; ++schedule) { // 0: in order
            INFO("schedule " << schedule);
            std::vector<backing_store> mem = initialized(s);
            REQUIRE(interpret(programs, mem, nullptr, schedule));
            result_checker checker(s);
            for (unsigned g = 0; g < s.gpus; ++g) {
                verdict v = checker.check(g, mem[g]);
                CHECK(v.words_checked == s.bytes / 8);
                CHECK(v.words_wrong == 0);
            }
            // One corrupted word, the last GPU's last, is caught.
            const unsigned victim = s.gpus - 1;
            unsigned char byte;
            mem[victim].read(s.bytes - 5, &byte, 1);
            byte ^= 0x40;
            mem[victim].write(s.bytes - 5, &byte, 1);
            CHECK(checker.check(victim, mem[victim]).words_wrong == 1);
        }
    }
}

TEST_CASE("the interpreter catches a scratch reused too early", "[collective]") {
    // The obvious layout, phase b's rings in phase a's scratch chunk i: a GPU
    // that finishes phase a writes into its successor's scratch chunk i while
    // that one may still have to add its own last chunk from there. Unless
    // the schedules above reject it, they prove nothing about the layout
    // build_programs uses.
    collective_setup s = hierarchical(contiguous(2, 4));
    const unsigned L = 4, G = 2;
    program_builder b(s.gpus);
    const uint64_t scratch = s.scratch_offset();
    auto begin = [&](unsigned c) { return program_builder::chunk_begin(s.bytes, L, c); };
    for (const auto& group : s.groups) b.ring_reduce_scatter(group, 0, scratch, s.bytes);
    for (unsigned i = 0; i < L; ++i) {
        std::vector<unsigned> across;
        for (unsigned g = 0; g < G; ++g) across.push_back(s.groups[g][i]);
        b.ring_allreduce(across, begin(i), scratch + begin(i), begin(i + 1) - begin(i));
    }
    for (const auto& group : s.groups) b.ring_allgather(group, 0, s.bytes);
    std::vector<collective_program> naive = b.take();
    unsigned failed = 0;
    for (uint64_t schedule = 0; schedule <= 8; ++schedule) {
        std::vector<backing_store> mem = initialized(s);
        REQUIRE(interpret(naive, mem, nullptr, schedule));
        failed += words_wrong(s, mem) > 0;
    }
    CHECK(failed == 9); // in order and on every adversarial schedule
}

// Per GPU, phase a and phase c are L-1 steps of bytes/L inside the group,
// phase b 2(G-1) steps of bytes/(L G) across: 2(L-1)/L bytes + 2(G-1)/(L G)
// bytes sent, one send per step. Only phase b leaves a group, and only to
// the GPU at the same place in the next group.
TEST_CASE("hierarchical all-reduce sends what its phases imply", "[collective]") {
    for (const group_list& groups : shapes()) {
        collective_setup s = hierarchical(groups);
        const unsigned G = unsigned(groups.size()), L = unsigned(groups.front().size());
        INFO(G << " groups of " << L);
        std::vector<unsigned> group_of(s.gpus), place_of(s.gpus);
        for (unsigned g = 0; g < G; ++g)
            for (unsigned i = 0; i < L; ++i) {
                group_of[groups[g][i]] = g;
                place_of[groups[g][i]] = i;
            }
        std::vector<backing_store> mem = initialized(s);
        std::vector<test::sent> log;
        REQUIRE(interpret(build_programs(s), mem, &log));
        std::vector<uint64_t> inside_bytes(s.gpus), across_bytes(s.gpus);
        std::vector<unsigned> inside_sends(s.gpus), across_sends(s.gpus);
        for (const test::sent& x : log) {
            CHECK(x.from != x.to);
            if (group_of[x.from] == group_of[x.to]) {
                inside_bytes[x.from] += x.bytes;
                ++inside_sends[x.from];
            } else {
                CHECK(place_of[x.from] == place_of[x.to]);
                CHECK(group_of[x.to] == (group_of[x.from] + 1) % G);
                across_bytes[x.from] += x.bytes;
                ++across_sends[x.from];
            }
        }
        // The formulas' beta volume and alpha count, level by level: with
        // alpha 1 the time counts steps, with beta 1 it counts bytes, with
        // gamma 1 the bytes the reductions move through the memory port.
        auto cost = [&](double a_in, double b_in, double a_out, double b_out, double gamma) {
            return hierarchical_allreduce_ps(L, G, double(s.bytes),
                                             {a_in, b_in, a_out, b_out, gamma});
        };
        // Each REDUCE of c bytes reads both operands and writes the sum.
        std::vector<uint64_t> reduced(s.gpus);
        const std::vector<collective_program> programs = build_programs(s);
        for (unsigned gpu = 0; gpu < s.gpus; ++gpu)
            for (const collective_op& op : programs[gpu])
                if (op.kind == collective_op::REDUCE) reduced[gpu] += 3 * op.bytes;
        for (unsigned gpu = 0; gpu < s.gpus; ++gpu) {
            CHECK(double(inside_bytes[gpu]) == hierarchical_bytes_sent_inside(L, double(s.bytes)));
            CHECK(double(across_bytes[gpu]) ==
                  hierarchical_bytes_sent_across(L, G, double(s.bytes)));
            CHECK(inside_bytes[gpu] == 2 * (L - 1) * (s.bytes / L));
            CHECK(across_bytes[gpu] == 2 * (G - 1) * (s.bytes / (L * G)));
            CHECK(double(inside_bytes[gpu]) == cost(0, 1, 0, 0, 0));
            CHECK(double(across_bytes[gpu]) == cost(0, 0, 0, 1, 0));
            CHECK(double(reduced[gpu]) == cost(0, 0, 0, 0, 1));
            CHECK(inside_sends[gpu] == 2 * (L - 1));
            CHECK(across_sends[gpu] == 2 * (G - 1));
            CHECK(double(inside_sends[gpu]) == cost(1, 0, 0, 0, 0));
            CHECK(double(across_sends[gpu]) == cost(0, 0, 1, 0, 0));
        }
        size_t crossing = 0;
        for (unsigned gpu = 0; gpu < s.gpus; ++gpu) crossing += across_sends[gpu];
        CHECK(crossing == size_t(L) * G * 2 * (G - 1)); // L rings of G, 2(G-1) steps each
    }
}

TEST_CASE("the alpha-beta formulas: one level is the ring", "[collective]") {
    const double bytes = 1 << 20, alpha = 700, beta = 0.25, gamma = 0.05;
    for (unsigned n : {2u, 4u, 8u}) {
        const double ring = ring_allreduce_ps(n, bytes, alpha, beta, gamma);
        // n - 1 reduce-scatter steps each reduce a chunk of bytes/n (3 passes).
        CHECK(ring == Approx(2.0 * (n - 1) * alpha + 2.0 * (n - 1) / n * bytes * beta +
                             3.0 * (n - 1) / n * bytes * gamma));
        CHECK(ring_allreduce_bytes_sent(n, bytes) * beta + 2.0 * (n - 1) * alpha +
                  1.5 * ring_allreduce_bytes_sent(n, bytes) * gamma ==
              Approx(ring));
        // One group, or groups of one: the hierarchy is the ring whatever the
        // idle level costs.
        CHECK(hierarchical_allreduce_ps(n, 1, bytes, {alpha, beta, 1e9, 1e9, gamma}) ==
              Approx(ring));
        CHECK(hierarchical_allreduce_ps(1, n, bytes, {1e9, 1e9, alpha, beta, gamma}) ==
              Approx(ring));
    }
    // 4 x 4 with a slower level across: 6 alpha_in + 6/4 bytes beta_in plus
    // 6 alpha_out + 6/16 bytes beta_out, and reductions of 3/4 bytes inside
    // and 3/16 bytes across, 3 passes each.
    CHECK(hierarchical_allreduce_ps(4, 4, bytes, {100, 0.1, 1000, 1, gamma}) ==
          Approx(6 * 100 + 1.5 * bytes * 0.1 + 6 * 1000 + 0.375 * bytes * 1 +
                 3 * (0.75 + 0.1875) * bytes * gamma));
}

TEST_CASE("hierarchical all-reduce names what it cannot run", "[collective]") {
    collective_setup ok = hierarchical(contiguous(2, 4));
    CHECK(hierarchical_unsupported(ok).empty());
    auto rejected = [](collective_setup s, const char* why) {
        INFO(why);
        CHECK(!hierarchical_unsupported(s).empty());
        CHECK_THROWS_AS(build_programs(s), std::invalid_argument);
    };
    collective_setup s = ok;
    s.groups = {{0, 1, 2}, {3, 4, 5, 6, 7}};
    rejected(s, "unequal groups");
    s.groups = {{0, 1, 2, 3}, {3, 4, 5, 6}};
    rejected(s, "a GPU twice");
    s.groups = {{0, 1, 2, 3}};
    rejected(s, "a GPU in no group");
    s.groups = {{0, 1, 2, 3}, {4, 5, 6, 8}};
    rejected(s, "no such GPU");
    s.groups = {};
    rejected(s, "no groups");
    s = ok;
    s.bytes += 8 * 4; // whole words and chunks of 4, but not of 8
    rejected(s, "bytes not a multiple of 8 L G");
    s = ok;
    s.kind = workload_kind::ALLGATHER;
    rejected(s, "not an all-reduce");
}

TEST_CASE("the ring all-reduce ignores the groups", "[collective]") {
    collective_setup ring = hierarchical(contiguous(2, 4));
    ring.algorithm = allreduce_algorithm::RING;
    collective_setup plain = ring;
    plain.groups.clear();
    std::vector<collective_program> a = build_programs(ring), b = build_programs(plain);
    REQUIRE(a.size() == b.size());
    for (size_t g = 0; g < a.size(); ++g) {
        REQUIRE(a[g].size() == b[g].size());
        for (size_t k = 0; k < a[g].size(); ++k) {
            CHECK(a[g][k].kind == b[g][k].kind);
            CHECK(a[g][k].peer == b[g][k].peer);
            CHECK(a[g][k].src == b[g][k].src);
            CHECK(a[g][k].dst == b[g][k].dst);
            CHECK(a[g][k].bytes == b[g][k].bytes);
        }
    }
    // And on adversarial schedules the ring stays right too.
    for (uint64_t schedule = 1; schedule <= 8; ++schedule) {
        std::vector<backing_store> mem = initialized(ring);
        REQUIRE(interpret(a, mem, nullptr, schedule));
        CHECK(words_wrong(ring, mem) == 0);
    }
}
