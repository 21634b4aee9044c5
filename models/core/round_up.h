// SPDX-License-Identifier: Apache-2.0
// Rounding a byte count up to a whole number of units (buffers, buckets,
// alignments): one definition for every model that sizes memory that way.
#pragma once

#include <cstdint>

namespace lumen {

// x rounded up to a multiple of `to` (to > 0).
constexpr uint64_t round_up(uint64_t x, uint64_t to) {
    return (x + to - 1) / to * to;
}

} // namespace lumen
