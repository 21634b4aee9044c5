// SPDX-License-Identifier: Apache-2.0
// The latency record's percentiles and histogram against distributions
// whose nearest-rank percentiles and log-spaced bins are worked out by hand.
#include "models/core/stats.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace lumen;

TEST_CASE("latency percentiles of 1 .. 1000 ns are the nearest ranks", "[stats]") {
    std::vector<uint64_t> ns(1000);
    for (unsigned i = 0; i < 1000; ++i) ns[i] = i + 1;
    std::shuffle(ns.begin(), ns.end(), std::mt19937(7)); // order must not matter
    latency_record r;
    for (uint64_t v : ns) r.add(v * 1000);
    const latency_summary s = r.summary();
    CHECK(s.count == 1000);
    CHECK(s.mean_ns == Approx(500.5));
    // Rank ceil(p * 1000): the 500th, 900th, 990th and 999th smallest.
    CHECK(s.p50_ns == 500.0);
    CHECK(s.p90_ns == 900.0);
    CHECK(s.p99_ns == 990.0);
    CHECK(s.p999_ns == 999.0);
    CHECK(s.max_ns == 1000.0);
    uint64_t total = 0;
    for (uint64_t c : s.histogram.counts) total += c;
    CHECK(total == 1000);
    // 1 ns is bin 0, 1000 ns = 10^3 opens bin 30.
    CHECK(s.histogram.first_bin == 0);
    CHECK(s.histogram.counts.size() == 31);
    CHECK(s.histogram.counts.back() == 1);
    // [10^2.9, 10^3) = [794.33, 1000): 795 .. 999 ns, 205 samples.
    CHECK(s.histogram.counts[29] == 205);
}

TEST_CASE("latency histogram bins are a tenth of a decade wide", "[stats]") {
    // Edges 10^(i/10) ns: 1, 1.259, 1.585, 1.995, 2.512, ... 7.943, 10, ... 100.
    latency_record r;
    for (uint64_t ps : {1000, 1500, 2000, 9900, 10000, 100000, 100000}) r.add(ps);
    const latency_summary s = r.summary();
    const latency_histogram& h = s.histogram;
    REQUIRE(h.first_bin == 0);
    REQUIRE(h.counts.size() == 21);
    std::vector<uint64_t> want(21, 0);
    want[0] = 1;  // 1 ns in [1, 1.259)
    want[1] = 1;  // 1.5 ns in [1.259, 1.585)
    want[3] = 1;  // 2 ns in [1.995, 2.512)
    want[9] = 1;  // 9.9 ns in [7.943, 10)
    want[10] = 1; // 10 ns opens [10, 12.59)
    want[20] = 2; // 100 ns opens [100, 125.9)
    CHECK(h.counts == want);
    CHECK(latency_histogram::edge_ns(10) == 10.0);
    CHECK(latency_histogram::edge_ns(20) == 100.0);
    CHECK(latency_histogram::edge_ns(3) == Approx(1.99526).epsilon(1e-5));
    // Seven samples: p50 is the 4th (9.9 ns), p90 and above the 7th.
    CHECK(s.p50_ns == 9.9);
    CHECK(s.p90_ns == 100.0);
    CHECK(s.p999_ns == 100.0);
}

TEST_CASE("a histogram starts at the bin of the smallest sample", "[stats]") {
    latency_record r;
    r.add(250000); // 250 ns: [10^2.3, 10^2.4) = [199.5, 251.2): bin 23
    r.add(260000); // 260 ns: bin 24
    const latency_histogram h = r.summary().histogram;
    CHECK(h.first_bin == 23);
    CHECK(h.counts == std::vector<uint64_t>{1, 1});
    CHECK(latency_record().summary().histogram.counts.empty());
}
