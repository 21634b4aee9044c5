// SPDX-License-Identifier: Apache-2.0
// The ring FIFO against std::deque as a second implementation: the same
// random pushes and pops, through growth and wrap-around, must leave the
// same elements in the same order.
#include "models/core/ring.h"

#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <utility>
#include <vector>

using namespace lumen;

namespace {

using item = std::pair<uint64_t, unsigned>;

void check_same(const ring<item>& r, const std::deque<item>& d) {
    REQUIRE(r.size() == d.size());
    REQUIRE(r.empty() == d.empty());
    REQUIRE(r.capacity() >= r.size());
    if (d.empty()) return;
    CHECK(r.front() == d.front());
    CHECK(r.back() == d.back());
    for (size_t i = 0; i < d.size(); ++i) REQUIRE(r[i] == d[i]);
    std::vector<item> walked;
    for (const item& x : r) walked.push_back(x);
    REQUIRE(walked == std::vector<item>(d.begin(), d.end()));
}

} // namespace

TEST_CASE("ring matches std::deque under random pushes and pops", "[ring]") {
    // Biased towards pushing in one phase and popping in the next, so the
    // ring grows several times, drains and wraps around its array.
    std::mt19937_64 rng(11);
    ring<item> r;
    std::deque<item> d;
    uint64_t next = 0;
    for (int phase = 0; phase < 40; ++phase) {
        const unsigned push_percent = phase % 2 ? 30 : 75;
        for (int step = 0; step < 500; ++step) {
            if (d.empty() || rng() % 100 < push_percent) {
                item x{next, unsigned(next * 7)};
                ++next;
                if (next % 3)
                    r.push_back(x);
                else
                    CHECK(r.emplace_back(x.first, x.second) == x); // the reference to the new back
                d.push_back(x);
            } else {
                r.pop_front();
                d.pop_front();
            }
            if (step % 50 == 0) check_same(r, d);
        }
        check_same(r, d);
    }
    CHECK(r.capacity() >= 256); // it grew well past its first array
}

TEST_CASE("ring capacity is a power of two that doubles when full", "[ring]") {
    ring<item> r;
    CHECK(r.capacity() == 0);
    size_t last = 0;
    for (uint64_t i = 0; i < 1000; ++i) {
        r.push_back({i, 0});
        const size_t c = r.capacity();
        REQUIRE((c & (c - 1)) == 0);
        if (c != last) {
            REQUIRE((last == 0 || c == 2 * last));
            REQUIRE(r.size() == last + 1); // grows only when full
            last = c;
        }
    }
    // Popping never shrinks; a full wrap-around keeps the order.
    for (int i = 0; i < 500; ++i) r.pop_front();
    for (uint64_t i = 1000; i < 1500; ++i) r.push_back({i, 0});
    CHECK(r.capacity() == last);
    for (uint64_t i = 0; i < r.size(); ++i) REQUIRE(r[i].first == 500 + i);
}
