// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/duplicate_filter.h"

#include <cstddef>

namespace lumen {

bool duplicate_filter::first_time(unsigned source, uint64_t seq) {
    if (source >= m_sources.size()) m_sources.resize(source + 1);
    window& w = m_sources[source];
    if (seq < w.base) {
        ++m_duplicates;
        return false;
    }
    const uint64_t offset = seq - w.base;
    const size_t word = size_t(offset / 64);
    const uint64_t bit = uint64_t(1) << (offset % 64);
    if (word >= w.words.size()) w.words.resize(word + 1, 0);
    if (w.words[word] & bit) {
        ++m_duplicates;
        return false;
    }
    w.words[word] |= bit;
    // Whole words seen in a row become part of the prefix.
    size_t full = 0;
    while (full < w.words.size() && w.words[full] == ~uint64_t(0)) ++full;
    if (full > 0) {
        w.words.erase(w.words.begin(), w.words.begin() + std::ptrdiff_t(full));
        w.base += 64 * full;
    }
    return true;
}

uint64_t duplicate_filter::window_bits(unsigned source) const {
    return source < m_sources.size() ? 64 * uint64_t(m_sources[source].words.size()) : 0;
}

} // namespace lumen
