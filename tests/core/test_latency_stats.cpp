// SPDX-License-Identifier: Apache-2.0
// The latency record's percentiles and histogram against distributions
// whose nearest-rank percentiles and log-spaced bins are worked out by hand,
// and against the sorted samples themselves where memory stays bounded.
#include "models/core/stats.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
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

namespace {

// Nearest-rank percentile of sorted samples, in ps (the definition, again).
uint64_t nearest_rank(const std::vector<uint64_t>& sorted, uint64_t per_mille) {
    const uint64_t r = (sorted.size() * per_mille + 999) / 1000;
    return sorted[std::max<uint64_t>(r, 1) - 1];
}

// n latencies spread over 1 .. 100 us, almost all distinct (as a long run
// with bit errors and replays gives them).
std::vector<uint64_t> spread_samples(size_t n, unsigned seed) {
    std::mt19937_64 g(seed);
    std::lognormal_distribution<double> d(std::log(5e6), 0.8);
    std::vector<uint64_t> v(n);
    for (uint64_t& x : v) x = std::clamp<uint64_t>(uint64_t(d(g)), 1000000, 100000000);
    return v;
}

} // namespace

TEST_CASE("a latency record holds the same few values after 10^5 or 10^6 samples", "[stats]") {
    size_t held_small = 0;
    for (size_t n : {size_t(100000), size_t(1000000)}) {
        const std::vector<uint64_t> samples = spread_samples(n, 3);
        latency_record r;
        unsigned __int128 sum = 0;
        for (uint64_t v : samples) {
            r.add(v);
            sum += v;
        }
        // Bounded whatever n: the counts plus one batch of pending samples.
        CHECK(r.values_held() <= latency_record::max_values + latency_record::batch);
        if (n == 100000) held_small = r.values_held();
        const latency_summary s = r.summary();
        std::vector<uint64_t> sorted = samples;
        std::sort(sorted.begin(), sorted.end());
        // Every sample counted; count, mean and max exact.
        CHECK(s.count == n);
        CHECK(s.mean_ns == double((long double)sum / (long double)n) / 1000.0);
        CHECK(s.max_ns == double(sorted.back()) / 1000.0);
        uint64_t binned = 0;
        for (uint64_t c : s.histogram.counts) binned += c;
        CHECK(binned == n);
        // The percentiles at most `resolution` short of the exact nearest ranks.
        REQUIRE(s.resolution > 0);
        CHECK(s.resolution <= 1.0 / 512);
        const std::pair<double, uint64_t> figures[] = {
            {s.p50_ns, 500}, {s.p90_ns, 900}, {s.p99_ns, 990}, {s.p999_ns, 999}};
        for (auto [got, per_mille] : figures) {
            const double exact = double(nearest_rank(sorted, per_mille)) / 1000.0;
            CHECK(got <= exact);
            CHECK(got >= exact * (1 - s.resolution));
        }
    }
    CHECK(held_small > latency_record::max_values / 4); // the bound was reached, not avoided
}

TEST_CASE("a latency record stays exact while its samples take few values", "[stats]") {
    // 10^6 samples of 5,000 distinct values: every figure as from all samples.
    std::mt19937_64 g(5);
    std::vector<uint64_t> samples(1000000);
    for (uint64_t& x : samples) x = 200000 + 1000 * (g() % 5000);
    latency_record r;
    for (uint64_t v : samples) r.add(v);
    const latency_summary s = r.summary();
    std::sort(samples.begin(), samples.end());
    CHECK(r.precision_bits() == 64);
    CHECK(s.resolution == 0);
    CHECK(s.p50_ns == double(nearest_rank(samples, 500)) / 1000.0);
    CHECK(s.p99_ns == double(nearest_rank(samples, 990)) / 1000.0);
    CHECK(s.p999_ns == double(nearest_rank(samples, 999)) / 1000.0);
    CHECK(r.values_held() <= 5000 + latency_record::batch);
}

TEST_CASE("merged latency records count every sample of both", "[stats]") {
    // One record coarsened, one exact: the merge takes the coarser precision.
    const std::vector<uint64_t> a = spread_samples(200000, 11);
    latency_record coarse, fine, merged;
    for (uint64_t v : a) coarse.add(v);
    for (uint64_t v : {1500000, 2500000, 2500000}) fine.add(v);
    merged.merge(fine);
    merged.merge(coarse);
    const latency_summary s = merged.summary();
    CHECK(s.count == a.size() + 3);
    CHECK(merged.precision_bits() == coarse.precision_bits());
    std::vector<uint64_t> all = a;
    all.insert(all.end(), {1500000, 2500000, 2500000});
    std::sort(all.begin(), all.end());
    const double exact = double(nearest_rank(all, 500)) / 1000.0;
    CHECK(s.p50_ns <= exact);
    CHECK(s.p50_ns >= exact * (1 - s.resolution));
    CHECK(merged.values_held() <= latency_record::max_values + latency_record::batch);
}

namespace {

// `v` kept to its `bits` most significant bits, the rest cleared.
uint64_t truncated(uint64_t v, unsigned bits) {
    const unsigned width = v ? 64 - unsigned(__builtin_clzll(v)) : 0;
    return width <= bits ? v : v & ~((uint64_t(1) << (width - bits)) - 1);
}

} // namespace

TEST_CASE("a latency record coarsens to the finest precision that holds its bound", "[stats]") {
    // A second implementation of the record's rule, the slow way: after each
    // batch, drop one significant bit at a time (from the largest sample's
    // width) and count the distinct values, until at most max_values / 2 are
    // left. Samples span zero to seconds, so neighbours of different widths
    // (which never merge) and of one width (which merge below their highest
    // differing bit) both occur.
    std::mt19937_64 g(29);
    std::lognormal_distribution<double> d(std::log(2e6), 2.5);
    std::vector<uint64_t> samples(150000);
    for (uint64_t& x : samples) x = g() % 97 == 0 ? g() % 4 : uint64_t(d(g));
    unsigned bits = 64;
    uint64_t max = 0;
    std::vector<uint64_t> held;
    auto absorb = [&](size_t begin, size_t end) {
        for (size_t k = begin; k < end; ++k) {
            max = std::max(max, samples[k]);
            held.push_back(truncated(samples[k], bits));
        }
        std::sort(held.begin(), held.end());
        held.erase(std::unique(held.begin(), held.end()), held.end());
        if (held.size() <= latency_record::max_values) return;
        bits = std::min(bits, 64 - unsigned(__builtin_clzll(max | 1)));
        while (held.size() > latency_record::max_values / 2 && bits > 1) {
            --bits;
            for (uint64_t& v : held) v = truncated(v, bits);
            held.erase(std::unique(held.begin(), held.end()), held.end());
        }
    };
    latency_record r;
    const size_t whole = samples.size() / latency_record::batch * latency_record::batch;
    for (size_t b = 0; b < whole; b += latency_record::batch) {
        for (size_t k = b; k < b + latency_record::batch; ++k) r.add(samples[k]);
        absorb(b, b + latency_record::batch);
        // Each batch's precision, not just the last: the rule may
        // converge on the same end from a wrong start.
        CHECK(r.precision_bits() == bits);
        CHECK(r.values_held() == held.size());
    }
    for (size_t k = whole; k < samples.size(); ++k) r.add(samples[k]);
    // The summary sorts the last, partial batch in too.
    absorb(whole, samples.size());
    const latency_summary s = r.summary();
    REQUIRE(bits < 64);
    CHECK(s.resolution == std::ldexp(1.0, 1 - int(bits)));
    std::sort(samples.begin(), samples.end());
    // Rounding down keeps the order: each percentile is the exact one, rounded.
    for (auto [got, per_mille] : {std::pair<double, uint64_t>{s.p50_ns, 500},
                                  {s.p90_ns, 900},
                                  {s.p99_ns, 990},
                                  {s.p999_ns, 999}})
        CHECK(got == double(truncated(nearest_rank(samples, per_mille), bits)) / 1000.0);
}
