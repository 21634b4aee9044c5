// SPDX-License-Identifier: Apache-2.0
// The crossbar arbiters' decisions, without a kernel; and the input
// buffers' queue_set against one std::deque per queue.
// Source for iSLIP's properties: N. McKeown, "The iSLIP scheduling algorithm
// for input-queued switches", IEEE/ACM Trans. Networking 7(2), 1999,
// sections III-IV (pointer update rules; desynchronization under full load
// gives 100 % throughput with one iteration; with N iterations the matching
// is maximal).
#include "models/switch/arbiter.h"
#include "models/switch/queue_set.h"

#include <catch2/catch.hpp>

#include <deque>
#include <map>
#include <random>

using namespace lumen;

namespace {

void all_to_all(request_set& r, unsigned n) {
    r.clear();
    for (unsigned i = 0; i < n; ++i)
        for (unsigned j = 0; j < n; ++j) r.add(i, j);
}

void check_conflict_free(const matching& m) {
    std::map<unsigned, int> inputs, outputs;
    for (auto [i, j] : m.pairs) {
        REQUIRE(++inputs[i] == 1);
        REQUIRE(++outputs[j] == 1);
        REQUIRE(m.output_of_input[i] == j);
        REQUIRE(m.input_of_output[j] == i);
    }
}

} // namespace

TEST_CASE("round robin grants contending inputs in turn, skipping idle ones") {
    round_robin_arbiter arb(4, 4);
    request_set r(4, 4);
    matching m;
    std::vector<unsigned> grants;
    for (int slot = 0; slot < 8; ++slot) {
        r.clear();
        for (unsigned i : {0u, 1u, 3u}) r.add(i, 2);
        arb.match(r, m);
        REQUIRE(m.pairs.size() == 1);
        grants.push_back(m.input_of_output[2]);
    }
    CHECK(grants == std::vector<unsigned>{0, 1, 3, 0, 1, 3, 0, 1});
}

TEST_CASE("round robin shares an output equally among saturated inputs") {
    const unsigned n = 5;
    round_robin_arbiter arb(n, n);
    request_set r(n, n);
    matching m;
    std::vector<unsigned> count(n, 0);
    for (int slot = 0; slot < 1000; ++slot) {
        r.clear();
        for (unsigned i = 0; i < n; ++i) r.add(i, 0);
        arb.match(r, m);
        ++count[m.input_of_output[0]];
    }
    for (unsigned c : count) CHECK(c == 200);
}

TEST_CASE("round robin never gives one input two outputs") {
    round_robin_arbiter arb(4, 4);
    request_set r(4, 4);
    matching m;
    for (int slot = 0; slot < 20; ++slot) {
        all_to_all(r, 4);
        arb.match(r, m);
        check_conflict_free(m);
        CHECK(m.pairs.size() == 4); // sequential greedy on a full request set
    }
}

TEST_CASE("iSLIP moves pointers only on an accepted grant of the first iteration") {
    islip_arbiter arb(3, 3, 1);
    request_set r(3, 3);
    matching m;
    // Input 0 asks for outputs 0 and 1; both grant it; it accepts output 0.
    r.add(0, 0);
    r.add(0, 1);
    arb.match(r, m);
    REQUIRE(m.pairs.size() == 1);
    CHECK(m.output_of_input[0] == 0);
    CHECK(arb.grant_pointer(0) == 1);  // one past the accepted input
    CHECK(arb.accept_pointer(0) == 1); // one past the accepted output
    CHECK(arb.grant_pointer(1) == 0);  // its grant was refused: unchanged
}

TEST_CASE("iSLIP desynchronizes its pointers under full load: 1-SLIP reaches a perfect "
          "matching every slot") {
    for (unsigned n : {2u, 4u, 8u, 16u}) {
        islip_arbiter arb(n, n, 1);
        request_set r(n, n);
        matching m;
        all_to_all(r, n);
        arb.match(r, m);
        // All grant pointers start together: every output grants input 0.
        CHECK(m.pairs.size() == 1);
        // McKeown 1999, section IV: after at most N slots the grant pointers
        // are all different and stay so; each slot is then a full matching
        // and the pairs cycle through a round-robin schedule.
        std::map<std::pair<unsigned, unsigned>, int> served;
        for (unsigned slot = 1; slot < 3 * n; ++slot) {
            all_to_all(r, n);
            arb.match(r, m);
            check_conflict_free(m);
            if (slot >= n) {
                CHECK(m.pairs.size() == n);
                for (auto p : m.pairs) ++served[p];
            }
        }
        // N slots past convergence... every (input, output) pair served
        // equally: each appears twice in 2N slots.
        CHECK(served.size() == n * n);
        for (auto& [pair, times] : served) CHECK(times == 2);
    }
}

TEST_CASE("iSLIP with N iterations finds a maximal matching") {
    const unsigned n = 8;
    islip_arbiter arb(n, n, n);
    request_set r(n, n);
    matching m;
    std::mt19937 rng(7);
    std::bernoulli_distribution ask(0.3);
    for (int slot = 0; slot < 500; ++slot) {
        r.clear();
        for (unsigned i = 0; i < n; ++i)
            for (unsigned j = 0; j < n; ++j)
                if (ask(rng)) r.add(i, j);
        arb.match(r, m);
        check_conflict_free(m);
        // Maximal: no request joins an unmatched input to an unmatched output.
        for (unsigned i = 0; i < n; ++i)
            if (m.output_of_input[i] == matching::NONE)
                for (unsigned j = 0; j < n; ++j)
                    if (r.has(i, j)) CHECK(m.input_of_output[j] != matching::NONE);
    }
}

TEST_CASE("iSLIP iterations add matches that one iteration misses") {
    request_set r(4, 4);
    matching one, four;
    islip_arbiter arb1(4, 4, 1), arb4(4, 4, 4);
    all_to_all(r, 4);
    arb1.match(r, one);
    arb4.match(r, four);
    CHECK(one.pairs.size() == 1);
    CHECK(four.pairs.size() == 4);
}

TEST_CASE("first_from finds the next set bit at or after a start, wrapping") {
    bit_set b(130);
    for (unsigned k : {3u, 64u, 129u}) b.set(k);
    auto word_of = [&b](unsigned w) { return b.word(w); };
    CHECK(first_from(130, 0, word_of) == 3);
    CHECK(first_from(130, 4, word_of) == 64);
    CHECK(first_from(130, 65, word_of) == 129);
    CHECK(first_from(130, 129, word_of) == 129);
    b.reset(129);
    CHECK(first_from(130, 65, word_of) == 3); // wrapped
    b.clear();
    CHECK(first_from(130, 7, word_of) == bit_set::NONE);
}

TEST_CASE("arbiters leave busy inputs and outputs alone") {
    const unsigned n = 70; // more than one word
    request_set r(n, n);
    all_to_all(r, n);
    bit_set free_in(n), free_out(n);
    free_in.fill();
    free_out.fill();
    for (unsigned k = 0; k < n; k += 3) free_in.reset(k), free_out.reset(k + 1 < n ? k + 1 : 0);
    round_robin_arbiter rr(n, n);
    islip_arbiter islip(n, n, 4);
    for (arbiter* a : {static_cast<arbiter*>(&rr), static_cast<arbiter*>(&islip)}) {
        matching m;
        for (int slot = 0; slot < 5; ++slot) {
            a->match(r, free_in, free_out, m);
            check_conflict_free(m);
            CHECK(!m.pairs.empty());
            for (auto [i, j] : m.pairs) {
                CHECK(free_in.test(i));
                CHECK(free_out.test(j));
            }
        }
    }
}

namespace {

// Random pushes and pops on `queues` queues, with at most `busy` of them
// holding packets at once; every answer compared with plain deques. Returns
// the most table entries the queue_set held.
size_t queue_set_against_deques(unsigned queues, unsigned busy, unsigned seed) {
    lumen::queue_set<uint64_t> set(queues);
    std::vector<std::deque<uint64_t>> ref(queues);
    std::vector<unsigned> active; // queues holding packets
    std::mt19937 g(seed);
    size_t most = 0, wrong = 0;
    uint64_t next = 0;
    for (int step = 0; step < 200000; ++step) {
        const bool push = active.empty() || g() % 2 == 0;
        if (push) {
            unsigned q =
                active.size() < busy ? unsigned(g() % queues) : active[g() % active.size()];
            if (ref[q].empty()) active.push_back(q);
            ref[q].push_back(next);
            set.push(q, next++);
        } else {
            const size_t k = g() % active.size();
            const unsigned q = active[k];
            REQUIRE_FALSE(set.empty(q));
            REQUIRE(set.front(q) == ref[q].front());
            set.pop(q);
            ref[q].pop_front();
            if (ref[q].empty()) {
                active[k] = active.back();
                active.pop_back();
            }
        }
        // Every queue, busy or not, now and then (as often in all for 65,536
        // queues as for 1,024); counted rather than one REQUIRE each.
        if (step % (97 * std::max(1u, queues / 1024)) == 0)
            for (unsigned q = 0; q < queues; ++q)
                wrong += set.empty(q) != ref[q].empty() ||
                         (!ref[q].empty() && set.front(q) != ref[q].front());
        most = std::max(most, set.table_size());
    }
    REQUIRE(wrong == 0);
    return most;
}

} // namespace

TEST_CASE("queue_set keeps each queue's order, with a head per queue in use", "[queue_set]") {
    // Dense: one entry per queue.
    CHECK(queue_set_against_deques(8, 8, 1) == 8);
    CHECK(queue_set_against_deques(64, 20, 2) == 64);
    // Past dense_queues: entries for the queues holding packets only, at
    // most half full (a power of two of at least 2 x 40 entries for 40 busy
    // queues), whatever the number of queues.
    CHECK(queue_set_against_deques(1024, 40, 3) <= 128);
    CHECK(queue_set_against_deques(65536, 40, 4) <= 128);
    CHECK(queue_set_against_deques(1024, 1024, 5) <= 2048);
}
