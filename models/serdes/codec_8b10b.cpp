// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/codec_8b10b.h"

#include <array>
#include <bitset>

namespace lumen::serdes {

namespace {

// Table 36-1a, 5b/6b sub-block, "current RD -" column, written abcdei.
// The RD+ code is the complement when the RD- code is unbalanced, and for D.7.
constexpr std::array<uint8_t, 32> code6_rd_neg = {
    0b100111, 0b011101, 0b101101, 0b110001, 0b110101, 0b101001, 0b011001, 0b111000, // D.0-D.7
    0b111001, 0b100101, 0b010101, 0b110100, 0b001101, 0b101100, 0b011100, 0b010111, // D.8-D.15
    0b011011, 0b100011, 0b010011, 0b110010, 0b001011, 0b101010, 0b011010, 0b111010, // D.16-D.23
    0b110011, 0b100110, 0b010110, 0b110110, 0b001110, 0b101110, 0b011110, 0b101011, // D.24-D.31
};
// Table 36-2: K.28 is the only 6b code of its own.
constexpr uint8_t code6_k28_rd_neg = 0b001111;

// Table 36-1b, 3b/4b sub-block, "current RD -" column, written fghj; y = 7
// here is the primary D.x.P7, the alternate D.x.A7 (and every K.x.7) is 0111.
constexpr std::array<uint8_t, 8> code4_rd_neg = {0b1011, 0b1001, 0b0101, 0b1100,
                                                 0b1101, 0b1010, 0b0110, 0b1110};
constexpr uint8_t code4_a7_rd_neg = 0b0111;
// Table 36-2, K28.y fghj for a negative RD after the 6b sub-block: every entry
// flips with the running disparity, the balanced ones included.
constexpr std::array<uint8_t, 8> code4_k_rd_neg = {0b1011, 0b0110, 0b1010, 0b1100,
                                                   0b1101, 0b0101, 0b1001, 0b0111};

int disparity(unsigned code, unsigned width) {
    int ones = static_cast<int>(std::bitset<16>(code).count());
    return 2 * ones - static_cast<int>(width);
}

// Clause 36.2.4.4: a sub-block's running disparity is positive after more
// ones or 000111 / 0011, negative after more zeros or 111000 / 1100, and
// otherwise that at the end of the previous sub-block.
bool rd_after(unsigned code, unsigned width, bool positive_rd) {
    int d = disparity(code, width);
    if (d > 0) return true;
    if (d < 0) return false;
    if (width == 6 && code == 0b000111) return true;
    if (width == 6 && code == 0b111000) return false;
    if (width == 4 && code == 0b0011) return true;
    if (width == 4 && code == 0b1100) return false;
    return positive_rd;
}

// The code tables and rules of Clause 36 for one character.
codec_8b10b::encoded encode_rules(uint8_t value, bool is_k, bool positive_rd) {
    bool invalid_k = is_k && !codec_8b10b::is_valid_k(value);
    if (invalid_k) value = codec_8b10b::error_k;
    unsigned x = value & 0x1F;
    unsigned y = value >> 5;
    bool k28 = is_k && x == 28;

    unsigned code6 = k28 ? code6_k28_rd_neg : code6_rd_neg[x];
    if (positive_rd && (disparity(code6, 6) != 0 || code6 == 0b111000)) code6 ^= 0x3F;
    bool rd6 = rd_after(code6, 6, positive_rd);

    unsigned code4;
    if (is_k) {
        code4 = code4_k_rd_neg[y];
        if (rd6) code4 ^= 0xF;
    } else {
        // The alternate D.x.A7 avoids a run of five equal bits across e/i/f/g/h.
        bool a7 =
            y == 7 && (rd6 ? (x == 11 || x == 13 || x == 14) : (x == 17 || x == 18 || x == 20));
        code4 = a7 ? code4_a7_rd_neg : code4_rd_neg[y];
        if (rd6 && (disparity(code4, 4) != 0 || code4 == 0b1100)) code4 ^= 0xF;
    }
    return {static_cast<uint16_t>(code6 << 4 | code4), rd_after(code4, 4, rd6), invalid_k};
}

struct decode_entry {
    uint8_t value = 0;
    bool is_k = false;
    bool valid_rd_neg = false; // listed in the "current RD -" column
    bool valid_rd_pos = false;
};

// Every code group of Tables 36-1 and 36-2 by symbol, built from the encoder
// so that the decoder accepts exactly what the encoder can send.
std::array<decode_entry, 1024> build_decode_table() {
    std::array<decode_entry, 1024> table{};
    for (int rd = 0; rd < 2; ++rd) {
        for (unsigned v = 0; v < 512; ++v) {
            bool is_k = v >= 256;
            auto value = static_cast<uint8_t>(v & 0xFF);
            if (is_k && !codec_8b10b::is_valid_k(value)) continue;
            codec_8b10b::encoded e = encode_rules(value, is_k, rd != 0);
            decode_entry& entry = table[e.symbol];
            entry.value = value;
            entry.is_k = is_k;
            (rd != 0 ? entry.valid_rd_pos : entry.valid_rd_neg) = true;
        }
    }
    return table;
}

} // namespace

bool codec_8b10b::is_valid_k(uint8_t value) {
    unsigned x = value & 0x1F;
    unsigned y = value >> 5;
    return x == 28 || (y == 7 && (x == 23 || x == 27 || x == 29 || x == 30));
}

codec_8b10b::encoded codec_8b10b::encoder::encode(uint8_t value, bool is_k) {
    // Every character from either disparity, worked out once: the
    // co-simulation's scoreboard encodes millions of them.
    static const std::array<encoded, 1024> table = [] {
        std::array<encoded, 1024> t{};
        for (unsigned i = 0; i < 1024; ++i)
            t[i] = encode_rules(static_cast<uint8_t>(i), (i & 0x100) != 0, (i & 0x200) != 0);
        return t;
    }();
    const encoded& e = table[(m_positive_rd ? 0x200u : 0u) | (is_k ? 0x100u : 0u) | value];
    m_positive_rd = e.positive_rd_after;
    return e;
}

codec_8b10b::decoded codec_8b10b::decoder::decode(uint16_t symbol) {
    static const std::array<decode_entry, 1024> table = build_decode_table();
    symbol &= 0x3FF;
    const decode_entry& entry = table[symbol];
    decoded d{};
    bool listed = entry.valid_rd_neg || entry.valid_rd_pos;
    d.code_error = !listed;
    d.disparity_error = listed && !(m_positive_rd ? entry.valid_rd_pos : entry.valid_rd_neg);
    if (listed) {
        d.value = entry.value;
        d.is_k = entry.is_k;
    }
    // The received bits set the running disparity, whatever they decode to.
    bool rd6 = rd_after(symbol >> 4, 6, m_positive_rd);
    m_positive_rd = rd_after(symbol & 0xF, 4, rd6);
    d.positive_rd_after = m_positive_rd;
    return d;
}

} // namespace lumen::serdes
