// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/codec_64b66b.h"

namespace lumen::serdes {

bool codec_64b66b::is_valid_block_type(uint8_t type) {
    switch (type) {
    case 0x1E:
    case 0x2D:
    case 0x33:
    case 0x66:
    case 0x55:
    case 0x78:
    case 0x4B:
    case 0x87:
    case 0x99:
    case 0xAA:
    case 0xB4:
    case 0xCC:
    case 0xD2:
    case 0xE1:
    case 0xFF:
        return true;
    default:
        return false;
    }
}

// Bit i of the block (sent i-th) is s_i = d_i ^ s_(i-39) ^ s_(i-58). Bits 0..38
// only reach back into the state; bits 39..63 also reach bits 0..24 of this
// block, which the first step has already settled, so two steps do all 64.
uint64_t codec_64b66b::scramble(uint64_t payload, uint64_t& state) {
    uint64_t t = payload ^ (state >> 19) ^ state;
    uint64_t s = t ^ (t << 39) ^ (t << 58);
    state = s >> 6;
    return s;
}

uint64_t codec_64b66b::descramble(uint64_t scrambled, uint64_t& state) {
    uint64_t d = scrambled ^ (state >> 19) ^ state ^ (scrambled << 39) ^ (scrambled << 58);
    state = scrambled >> 6;
    return d;
}

codec_64b66b::encoded codec_64b66b::encoder::encode(uint64_t payload, bool is_control) {
    bool invalid = is_control && !is_valid_block_type(static_cast<uint8_t>(payload & 0xFF));
    if (invalid) payload = error_block;
    uint64_t s = scramble(payload, m_state);
    return {s, is_control ? sync_control : sync_data, invalid};
}

codec_64b66b::decoded codec_64b66b::decoder::decode(uint64_t scrambled, uint8_t header) {
    decoded d{};
    d.payload = descramble(scrambled, m_state);
    header &= 0b11;
    d.header_error = header != sync_data && header != sync_control;
    d.is_control = header == sync_control;
    d.block_type_error =
        d.is_control && !is_valid_block_type(static_cast<uint8_t>(d.payload & 0xFF));
    return d;
}

} // namespace lumen::serdes
