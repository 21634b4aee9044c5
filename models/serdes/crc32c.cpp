// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/crc32c.h"

#include <array>
#include <cstring>

namespace lumen::serdes {

namespace {

constexpr uint32_t polynomial = 0x82F63B78u;

constexpr std::array<uint32_t, 256> make_table() {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ polynomial : c >> 1;
        t[i] = c;
    }
    return t;
}

constexpr std::array<uint32_t, 256> table = make_table();

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t crc32c_sse42(const void* data, size_t length,
                                                        uint32_t crc) {
    const auto* p = static_cast<const unsigned char*>(data);
    uint64_t c = ~crc;
    // Four words a turn: a flit's payload is hundreds of bytes, and the
    // loop's own count and branch cost as much as the CRC instruction.
    while (length >= 32) {
        uint64_t word[4];
        std::memcpy(word, p, 32);
        c = __builtin_ia32_crc32di(c, word[0]);
        c = __builtin_ia32_crc32di(c, word[1]);
        c = __builtin_ia32_crc32di(c, word[2]);
        c = __builtin_ia32_crc32di(c, word[3]);
        p += 32;
        length -= 32;
    }
    while (length >= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        c = __builtin_ia32_crc32di(c, word);
        p += 8;
        length -= 8;
    }
    uint32_t c32 = uint32_t(c);
    while (length-- > 0) c32 = __builtin_ia32_crc32qi(c32, *p++);
    return ~c32;
}

// Asked once at start-up, not behind a function-local static's guard on
// every call.
const bool have_sse42 = (__builtin_cpu_init(), __builtin_cpu_supports("sse4.2"));
#endif

} // namespace

uint32_t crc32c_table(const void* data, size_t length, uint32_t crc) {
    const auto* p = static_cast<const unsigned char*>(data);
    uint32_t c = ~crc;
    while (length-- > 0) c = table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

uint32_t crc32c(const void* data, size_t length, uint32_t crc) {
#if defined(__x86_64__)
    if (have_sse42) return crc32c_sse42(data, length, crc);
#endif
    return crc32c_table(data, length, crc);
}

} // namespace lumen::serdes
