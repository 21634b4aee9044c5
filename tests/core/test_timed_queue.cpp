// SPDX-License-Identifier: Apache-2.0
// timed_queue against a sort: items pushed at random times with random
// delays (some runs in due order, which take its FIFO, some not, which take
// its heap) come out at their due time, in (due, push order).
#include "models/core/timed_queue.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <tuple>
#include <vector>

using namespace lumen;
using namespace sc_core;

namespace {

struct timed_item {
    uint64_t due;
    uint64_t order;
};

// Pushes a few items at each of its wakes, and takes what is due.
struct queue_owner {
    timed_queue<timed_item> queue;
    std::mt19937_64 g{5};
    std::vector<timed_item> pushed, taken;
    std::vector<uint64_t> taken_at;
    uint64_t pushes_left = 20000;
    wake self;

    queue_owner() {
        queue.bind<&queue_owner::on_due>(this);
        self.bind<&queue_owner::push_some>(this);
        self.notify_at(0, 0);
    }
    void push_some() {
        const uint64_t now = now_ps();
        const unsigned n = unsigned(g() % 4);
        for (unsigned i = 0; i < n && pushes_left > 0; ++i, --pushes_left) {
            // Half a fixed delay (in due order), half anything up to 50 ns.
            const uint64_t delay = g() % 2 ? 7000 : (g() % 51) * 1000;
            const timed_item it{now + delay, pushed.size()};
            pushed.push_back(it);
            queue.push_at(it, it.due, now);
        }
        if (pushes_left > 0) self.notify_at(now + (g() % 3) * 1000, now);
    }
    void on_due() {
        timed_item it;
        while (queue.pop_due(it)) {
            taken.push_back(it);
            taken_at.push_back(now_ps());
        }
    }
};

} // namespace

TEST_CASE("timed_queue gives items at their due time in due then push order") {
    queue_owner o;
    sc_start();
    REQUIRE(o.pushed.size() == 20000);
    std::vector<timed_item> expected = o.pushed;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const timed_item& a, const timed_item& b) { return a.due < b.due; });
    REQUIRE(o.taken.size() == expected.size());
    size_t wrong_order = 0, wrong_time = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
        if (o.taken[i].order != expected[i].order) ++wrong_order;
        if (o.taken_at[i] != o.taken[i].due) ++wrong_time;
    }
    CHECK(wrong_order == 0);
    CHECK(wrong_time == 0);
    CHECK(o.queue.empty());
}
