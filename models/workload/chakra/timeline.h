// SPDX-License-Identifier: Apache-2.0
// Time a rank spends in a kind of work, from the intervals its nodes ran
// in: overlapping nodes count once (a union), and communication is exposed
// while no compute runs beside it (the communication intervals less the
// compute ones). Plain C++.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace lumen::chakra {

using interval = std::pair<uint64_t, uint64_t>; // [begin, end), ps

// Sorted, disjoint, non-empty intervals covering the same time.
inline std::vector<interval> merged(std::vector<interval> v) {
    std::sort(v.begin(), v.end());
    std::vector<interval> out;
    for (const auto& [b, e] : v) {
        if (e <= b) continue;
        if (!out.empty() && b <= out.back().second)
            out.back().second = std::max(out.back().second, e);
        else
            out.push_back({b, e});
    }
    return out;
}

inline uint64_t measure(const std::vector<interval>& v) {
    uint64_t total = 0;
    for (const auto& [b, e] : merged(v)) total += e - b;
    return total;
}

// Time in `a` not covered by `b`.
inline uint64_t measure_outside(const std::vector<interval>& a, const std::vector<interval>& b) {
    const auto ma = merged(a), mb = merged(b);
    uint64_t covered = 0;
    size_t j = 0;
    for (const auto& [b0, e0] : ma) {
        while (j < mb.size() && mb[j].second <= b0) ++j;
        for (size_t k = j; k < mb.size() && mb[k].first < e0; ++k)
            covered += std::min(e0, mb[k].second) - std::max(b0, mb[k].first);
    }
    return measure(ma) - covered;
}

} // namespace lumen::chakra
