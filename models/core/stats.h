// SPDX-License-Identifier: Apache-2.0
// Statistics shared by the models: transaction counters and a latency record
// that keeps every sample, so p50/p99/max are exact, not bucketed, and a
// histogram of them in log-spaced bins for the distribution's shape.
#pragma once

#include <cstdint>
#include <vector>

namespace lumen {

// Every transaction a traffic source issues is counted until it is checked:
// issued = completed + lost at the end of a run, and a run with a mismatch or
// a loss has failed.
struct transaction_counts {
    uint64_t issued = 0;
    uint64_t completed = 0;
    uint64_t checked = 0;
    uint64_t mismatches = 0;
    uint64_t lost = 0;

    transaction_counts& operator+=(const transaction_counts& o);
};

// A result buffer compared with what it must hold: 64-bit words checked,
// and words that differ.
struct verdict {
    uint64_t words_checked = 0, words_wrong = 0;
};

// Latencies in bins of equal width on a log scale: bin i holds samples in
// [edge(i), edge(i + 1)) ns with edge(i) = 10^(i / bins_per_decade); bins
// from the first to the last that holds a sample (a sample under 1 ns counts
// in the first bin).
struct latency_histogram {
    static constexpr int bins_per_decade = 10;
    static double edge_ns(int i);
    int first_bin = 0;            // index i of counts[0]
    std::vector<uint64_t> counts; // empty when there are no samples
};

struct latency_summary {
    double mean_ns = 0, p50_ns = 0, p90_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0;
    uint64_t count = 0;
    latency_histogram histogram;
};

class latency_record {
public:
    void add(uint64_t latency_ps) { m_samples.push_back(latency_ps); }
    void merge(const latency_record& other);
    uint64_t count() const { return m_samples.size(); }
    // Nearest-rank percentiles over all samples.
    latency_summary summary() const;

private:
    std::vector<uint64_t> m_samples;
};

// Latency of requests by the number of switches they crossed (index 0: none).
class hop_latency {
public:
    void add(unsigned switches, uint64_t latency_ps) {
        if (m_by_hops.size() <= switches) m_by_hops.resize(switches + 1);
        m_by_hops[switches].add(latency_ps);
    }
    void merge(const hop_latency& other) {
        if (m_by_hops.size() < other.m_by_hops.size()) m_by_hops.resize(other.m_by_hops.size());
        for (std::size_t h = 0; h < other.m_by_hops.size(); ++h)
            m_by_hops[h].merge(other.m_by_hops[h]);
    }
    const std::vector<latency_record>& by_hops() const { return m_by_hops; }

private:
    std::vector<latency_record> m_by_hops;
};

} // namespace lumen
