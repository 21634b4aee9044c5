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

latency_summary latency_record::summary() const {
    latency_summary s;
    s.count = m_samples.size();
    if (m_samples.empty()) return s;
    std::vector<uint64_t> sorted = m_samples;
    std::sort(sorted.begin(), sorted.end());
    // Nearest rank: the smallest sample with at least p of the samples at or below it.
    auto rank = [&](double p) {
        size_t r = size_t(std::ceil(p * double(sorted.size())));
        return double(sorted[std::max<size_t>(r, 1) - 1]) / 1000.0;
    };
    long double sum = 0;
    for (uint64_t v : sorted) sum += v;
    s.mean_ns = double(sum / sorted.size()) / 1000.0;
    s.p50_ns = rank(0.50);
    s.p99_ns = rank(0.99);
    s.max_ns = double(sorted.back()) / 1000.0;
    return s;
}

} // namespace lumen
