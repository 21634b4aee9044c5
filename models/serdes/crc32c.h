// SPDX-License-Identifier: Apache-2.0
// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the flit CRC of the
// link layer. Uses the SSE4.2 CRC instruction when the host has it, a table
// otherwise; both give the same value.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lumen::serdes {

// CRC of `length` bytes, continuing from `crc` (0 to start).
uint32_t crc32c(const void* data, size_t length, uint32_t crc = 0);

// The table implementation alone, to check the fast path against.
uint32_t crc32c_table(const void* data, size_t length, uint32_t crc = 0);

} // namespace lumen::serdes
