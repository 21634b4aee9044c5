// SPDX-License-Identifier: Apache-2.0
// Statistics shared by the models: transaction counters and a latency record
// that keeps every sample, so p50/p99/max are exact, not bucketed.
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

struct latency_summary {
    double mean_ns = 0, p50_ns = 0, p99_ns = 0, max_ns = 0;
    uint64_t count = 0;
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

} // namespace lumen
