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

// Significant bits of `v` (0 for 0).
unsigned width_of(uint64_t v) {
    return v ? 64 - unsigned(__builtin_clzll(v)) : 0;
}

} // namespace

uint64_t latency_record::rounded(uint64_t v) const {
    const unsigned width = width_of(v);
    if (width <= m_bits) return v;
    return v & ~((uint64_t(1) << (width - m_bits)) - 1);
}

void latency_record::flush() {
    if (m_pending.empty()) return;
    std::sort(m_pending.begin(), m_pending.end());
    // Rounding down keeps the order: equal values end up next to each other.
    std::vector<value_count> batch;
    for (uint64_t v : m_pending) {
        const uint64_t r = rounded(v);
        if (!batch.empty() && batch.back().value == r)
            ++batch.back().count;
        else
            batch.push_back({r, 1});
    }
    m_pending.clear();
    absorb(batch);
    if (m_values.size() > max_values) coarsen();
}

void latency_record::absorb(const std::vector<value_count>& sorted) {
    std::vector<value_count> out;
    out.reserve(m_values.size() + sorted.size());
    auto a = m_values.cbegin(), b = sorted.cbegin();
    while (a != m_values.cend() || b != sorted.cend()) {
        const bool take_a = b == sorted.cend() || (a != m_values.cend() && a->value <= b->value);
        const value_count next = take_a ? *a++ : *b++;
        if (!out.empty() && out.back().value == next.value)
            out.back().count += next.count;
        else
            out.push_back(next);
    }
    m_values.swap(out);
}

void latency_record::round_to(unsigned bits) {
    m_bits = bits;
    size_t kept = 0;
    for (const value_count& e : m_values) {
        const uint64_t r = rounded(e.value);
        if (kept > 0 && m_values[kept - 1].value == r)
            m_values[kept - 1].count += e.count;
        else
            m_values[kept++] = {r, e.count};
    }
    m_values.resize(kept);
}

void latency_record::coarsen() {
    // The most significant bits that leave at most max_values / 2 values,
    // below both m_bits and the largest value's width (the first precision
    // that rounds anything), and at least one. Found in one pass rather than
    // by rounding a bit at a time: two neighbours a < b of one width w merge
    // at every precision below w - h, h being their highest differing bit
    // (values of different widths never merge), and the values left at a
    // precision are those that do not merge with the one below them.
    const unsigned start = std::min(m_bits, width_of(m_max));
    if (start <= 1) return;
    uint64_t merging_from[64] = {}; // neighbour pairs that merge at bits <= index
    for (size_t k = 1; k < m_values.size(); ++k) {
        const uint64_t a = m_values[k - 1].value, b = m_values[k].value;
        const unsigned width = width_of(b);
        if (width_of(a) != width) continue;
        // They merge at every precision up to w - h - 1, h = width_of(a ^ b) - 1.
        ++merging_from[width - width_of(a ^ b)];
    }
    // Pairs merging at `bits`: those whose limit is `bits` or above.
    uint64_t merged = 0;
    for (unsigned t = 63; t >= start; --t) merged += merging_from[t];
    unsigned bits = start - 1;
    for (;; --bits) {
        merged += merging_from[bits];
        if (m_values.size() - merged <= max_values / 2 || bits == 1) break;
    }
    round_to(bits);
}

void latency_record::merge(const latency_record& other) {
    m_count += other.m_count;
    m_sum += other.m_sum;
    m_max = std::max(m_max, other.m_max);
    // Both at the coarser precision (rounding twice is rounding once).
    if (other.m_bits < m_bits) round_to(other.m_bits);
    latency_record theirs = other;
    theirs.flush();
    theirs.round_to(m_bits);
    absorb(theirs.m_values);
    if (m_values.size() > max_values) coarsen();
}

latency_summary latency_record::summary() const {
    latency_summary s;
    s.count = m_count;
    if (m_count == 0) return s;
    // The pending samples sorted in, on a copy: they stay as they came.
    latency_record all = *this;
    all.flush();
    const std::vector<value_count>& values = all.m_values;
    // Nearest rank: the smallest sample with at least p of the samples at
    // or below it; p in thousandths, in integers, so p99.9 is exact too.
    auto rank = [&](uint64_t per_mille) {
        const uint64_t r = std::max<uint64_t>((m_count * per_mille + 999) / 1000, 1);
        uint64_t below = 0;
        for (const value_count& e : values) {
            below += e.count;
            if (below >= r) return double(e.value) / 1000.0;
        }
        return double(values.back().value) / 1000.0;
    };
    s.mean_ns = double((long double)m_sum / (long double)m_count) / 1000.0;
    s.p50_ns = rank(500);
    s.p90_ns = rank(900);
    s.p99_ns = rank(990);
    s.p999_ns = rank(999);
    s.max_ns = double(m_max) / 1000.0;
    s.resolution = all.m_bits >= 64 ? 0.0 : std::ldexp(1.0, 1 - int(all.m_bits));
    latency_histogram& h = s.histogram;
    h.first_bin = bin_of(double(values.front().value) / 1000.0);
    h.counts.assign(size_t(bin_of(s.max_ns) - h.first_bin + 1), 0);
    // The values are sorted: walk the edges up with them.
    int bin = h.first_bin;
    double upper = latency_histogram::edge_ns(bin + 1);
    for (const value_count& e : values) {
        while (double(e.value) / 1000.0 >= upper) upper = latency_histogram::edge_ns(++bin + 1);
        h.counts[size_t(bin - h.first_bin)] += e.count;
    }
    return s;
}

} // namespace lumen
