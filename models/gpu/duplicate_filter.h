// SPDX-License-Identifier: Apache-2.0
// duplicate_filter: what a target remembers of the requests it executed, so
// that a request reissued by its source (its first copy slow, or lost after
// the target executed it) lands once. Each source numbers its requests to
// this target 0, 1, 2, ... (source_extension::seq); the filter keeps per
// source a window of bits from the lowest number not yet seen, so it costs
// one bit per request in flight or lost, not per request of the run.
// Plain C++.
#pragma once

#include <cstdint>
#include <vector>

namespace lumen {

class duplicate_filter {
public:
    // Records (source, seq); true the first time, false for a duplicate.
    bool first_time(unsigned source, uint64_t seq);
    uint64_t duplicates() const { return m_duplicates; }
    // Bits held for `source` beyond its contiguous prefix (for tests).
    uint64_t window_bits(unsigned source) const;

private:
    // One per (target, source) pair of a cluster: a vector, which holds
    // nothing until used, not a deque, which allocates ~600 B when built.
    // The window is a word or two in order-preserving traffic, so dropping
    // its front word by a shift costs no more than a deque's pop.
    struct window {
        uint64_t base = 0;           // every seq below base was seen
        std::vector<uint64_t> words; // bit i of word w: seq base + 64 w + i seen
    };
    std::vector<window> m_sources;
    uint64_t m_duplicates = 0;
};

} // namespace lumen
