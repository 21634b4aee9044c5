// SPDX-License-Identifier: Apache-2.0
// radix_heap against a std::set of (due, order) as a second implementation:
// random pushes at and after the current time (many due at the same
// picosecond, some far ahead), looks at the front without taking it, drops
// of dead items at the front and takes, interleaved as the calendar does
// them, must give the same items in the same order, and lose none but dead
// ones.
#include "models/core/radix_heap.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <set>
#include <utility>

using namespace lumen;

namespace {

struct due_item {
    uint64_t due;
    uint64_t order;
};

using reference = std::set<std::pair<uint64_t, uint64_t>>; // (due, order)
using dead_set = std::set<uint64_t>;                       // orders

// The heap's front is the reference's first item once the items before it,
// which the heap may have dropped only if they were dead, are gone.
template <typename Heap> void check_front(Heap& h, reference& r, const dead_set& dead) {
    const std::pair<uint64_t, uint64_t> f = h.empty() ? std::pair{~uint64_t(0), ~uint64_t(0)}
                                                      : std::pair{h.front().due, h.front().order};
    while (!r.empty() && *r.begin() != f) {
        REQUIRE(dead.count(r.begin()->second) == 1);
        r.erase(r.begin());
    }
    REQUIRE(h.empty() == r.empty());
}

} // namespace

TEMPLATE_TEST_CASE("radix_heap gives items in (due, push order) as a sorted set does", "",
                   (radix_heap<due_item, 1>), (radix_heap<due_item, 4>),
                   (radix_heap<due_item, 8>)) {
    std::mt19937_64 g(11);
    for (int round = 0; round < 20; ++round) {
        TestType h;
        reference r;
        dead_set dead;
        uint64_t now = 0, order = 0;
        for (int step = 0; step < 20000; ++step) {
            const unsigned what = unsigned(g() % 10);
            if (what < 5) {
                // Due now (the floor may be there), soon, or up to 2^40 ps on.
                const unsigned kind = unsigned(g() % 4);
                const uint64_t delay = kind == 0   ? 0
                                       : kind == 1 ? g() % 8
                                       : kind == 2 ? g() % 100000
                                                   : g() % (uint64_t(1) << 40);
                h.push(due_item{now + delay, order});
                r.insert({now + delay, order});
                ++order;
            } else if (what < 6) {
                // The front dies (a wake asked for again earlier), and some
                // recent items with it, in its bucket or elsewhere.
                check_front(h, r, dead);
                if (!r.empty()) dead.insert(r.begin()->second);
                for (unsigned k = unsigned(g() % 4); k > 0; --k) dead.insert(order - 1 - g() % 64);
                h.drop_front_while([&](const due_item& i) { return dead.count(i.order) == 1; });
                check_front(h, r, dead);
                if (!r.empty()) REQUIRE(dead.count(r.begin()->second) == 0);
            } else if (what < 9) {
                check_front(h, r, dead);
            } else if (!r.empty()) {
                // Time moves on to the earliest item, which is then taken.
                check_front(h, r, dead);
                now = r.begin()->first;
                const due_item t = h.take_front();
                CHECK(t.due == now);
                CHECK(t.order == r.begin()->second);
                r.erase(r.begin());
            }
        }
        for (check_front(h, r, dead); !r.empty(); check_front(h, r, dead)) {
            const due_item t = h.take_front();
            REQUIRE(t.order == r.begin()->second);
            r.erase(r.begin());
        }
        REQUIRE(h.empty());
    }
}
