// SPDX-License-Identifier: Apache-2.0
// The compact data mode's representation of memory: a 256-B block stands
// for its linear checksum, sum(w_i x_i) mod 2^64 over its 32 little-endian
// 64-bit words x_i, with w_0 = 1 and every w_i odd. Linear, so a reduction's
// checksum is the sum of its operands' (dst[i] += src[i] word by word adds
// their checksums); odd weights, so a change of any one word, or of the
// block's place (a word moved to another position), changes it. A block
// travels and reads back as its canonical content: the checksum in word 0,
// zeros after, which has the same checksum. Plain C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lumen {

// sim.data: REAL keeps every byte; COMPACT keeps one checksum per block.
enum class data_mode { REAL, COMPACT };
const std::vector<std::string>& data_mode_names(); // "real", "compact"
const char* data_mode_name(data_mode mode);

namespace block_checksum {

constexpr uint64_t block_bytes = 256;
constexpr unsigned block_words = block_bytes / 8;

// The checksum of a whole block of `block_bytes` at `block`.
uint64_t of(const unsigned char* block);
// The weight of word `i` of a block (w_0 = 1).
uint64_t weight(unsigned i);
// Writes the canonical content of a block with checksum `sum`.
void canonical(uint64_t sum, unsigned char* block);

} // namespace block_checksum

} // namespace lumen
