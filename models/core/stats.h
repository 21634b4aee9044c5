// SPDX-License-Identifier: Apache-2.0
// Statistics shared by the models: transaction counters and a latency record
// whose p50/p99/max are exact while its samples take few distinct values
// (every sample counted, in bounded memory), and a histogram of them in
// log-spaced bins for the distribution's shape.
#pragma once

#include <cstddef>
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
    // 0: the percentiles are exact; else the largest relative amount by which
    // one may fall short of the exact nearest rank (see latency_record).
    double resolution = 0;
    latency_histogram histogram;
};

// Latencies (ps) as counts per distinct value, so that a long run costs
// memory by the spread of its latencies, not by their number. While at most
// `max_values` distinct values are held every figure is exact; past that the
// values are rounded down to fewer significant bits (one bit fewer each time,
// halving the values an octave holds) until half of that is held. Count,
// mean, min and max stay exact whatever the rounding.
class latency_record {
public:
    static constexpr std::size_t max_values = 16384;
    // Samples held as they came, sorted into the counts this many at a time
    // (at least as many as the counts hold, so merging costs O(1) a sample).
    static constexpr std::size_t batch = max_values;

    void add(uint64_t latency_ps) {
        m_pending.push_back(latency_ps);
        ++m_count;
        m_sum += latency_ps;
        if (latency_ps > m_max) m_max = latency_ps;
        if (m_pending.size() >= batch) flush();
    }
    void merge(const latency_record& other);
    uint64_t count() const { return m_count; }
    // Nearest-rank percentiles over all samples.
    latency_summary summary() const;
    // Distinct values and samples held (bounded whatever the count).
    std::size_t values_held() const { return m_values.size() + m_pending.size(); }
    // Significant bits a value keeps (64: exact).
    unsigned precision_bits() const { return m_bits; }

private:
    struct value_count {
        uint64_t value, count;
    };
    uint64_t rounded(uint64_t v) const;
    // Sorts the pending samples into the counts.
    void flush();
    // Adds sorted counts of values rounded to m_bits.
    void absorb(const std::vector<value_count>& sorted);
    // Rounds the counts' values to `bits` significant bits (no more than m_bits).
    void round_to(unsigned bits);
    // Drops significant bits until at most max_values / 2 values are held.
    void coarsen();

    std::vector<value_count> m_values; // ascending values, rounded to m_bits
    std::vector<uint64_t> m_pending;
    unsigned m_bits = 64;
    uint64_t m_count = 0, m_max = 0;
    __extension__ unsigned __int128 m_sum = 0; // exact: the mean is as from every sample
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
