// SPDX-License-Identifier: Apache-2.0
#include "models/core/stats.h"

#include <algorithm>
#include <cmath>

namespace lumen {

transaction_counts& transaction_counts::operator+=(const transaction_counts& o) {
    issued += o.issued;
    completed += o.completed;
    checked += o.checked;
    mismatches += o.mismatches;
    lost += o.lost;
    return *this;
}

void latency_record::merge(const latency_record& other) {
    m_samples.insert(m_samples.end(), other.m_samples.begin(), other.m_samples.end());
}

double latency_histogram::edge_ns(int i) {
    return std::pow(10.0, double(i) / bins_per_decade);
}

namespace {

// The bin of a latency: the largest i with edge_ns(i) <= ns, by the same
// edges the JSON shows (a log10 alone could round across an edge).
int bin_of(double ns) {
    if (ns < 1.0) return 0;
    int i = int(std::floor(std::log10(ns) * latency_histogram::bins_per_decade));
    while (latency_histogram::edge_ns(i) > ns) --i;
    while (latency_histogram::edge_ns(i + 1) <= ns) ++i;
    return i;
}

} // namespace

latency_summary latency_record::summary() const {
    latency_summary s;
    s.count = m_samples.size();
    if (m_samples.empty()) return s;
    std::vector<uint64_t> sorted = m_samples;
    std::sort(sorted.begin(), sorted.end());
    // Nearest rank: the smallest sample with at least p of the samples at
    // or below it; p in thousandths, in integers, so p99.9 is exact too.
    auto rank = [&](uint64_t per_mille) {
        const uint64_t n = sorted.size();
        const uint64_t r = (n * per_mille + 999) / 1000;
        return double(sorted[std::max<uint64_t>(r, 1) - 1]) / 1000.0;
    };
    long double sum = 0;
    for (uint64_t v : sorted) sum += v;
    s.mean_ns = double(sum / sorted.size()) / 1000.0;
    s.p50_ns = rank(500);
    s.p90_ns = rank(900);
    s.p99_ns = rank(990);
    s.p999_ns = rank(999);
    s.max_ns = double(sorted.back()) / 1000.0;
    latency_histogram& h = s.histogram;
    h.first_bin = bin_of(double(sorted.front()) / 1000.0);
    h.counts.assign(size_t(bin_of(s.max_ns) - h.first_bin + 1), 0);
    // The samples are sorted: walk the edges up with them.
    int bin = h.first_bin;
    double upper = latency_histogram::edge_ns(bin + 1);
    for (uint64_t v : sorted) {
        while (double(v) / 1000.0 >= upper) upper = latency_histogram::edge_ns(++bin + 1);
        ++h.counts[size_t(bin - h.first_bin)];
    }
    return s;
}

} // namespace lumen
