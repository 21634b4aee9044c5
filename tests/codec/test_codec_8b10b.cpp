// SPDX-License-Identifier: Apache-2.0
// The 8b/10b reference codec against IEEE 802.3-2022 Clause 36: Table 36-1a
// (5b/6b), Table 36-1b (3b/4b), Table 36-2 (control code groups), the running
// disparity rules of 36.2.4.4 and the comma of 36.2.4.9.
#include "models/serdes/codec_8b10b.h"

#include <catch2/catch.hpp>

#include <array>
#include <map>
#include <random>
#include <string>

using lumen::serdes::codec_8b10b;

namespace {

// abcdei fghj, 'a' first, as the standard's tables write a code group.
std::string bits(uint16_t symbol) {
    std::string s;
    for (int i = 9; i >= 0; --i) {
        s += ((symbol >> i) & 1) ? '1' : '0';
        if (i == 4) s += ' ';
    }
    return s;
}

std::string encode_from(bool positive_rd, uint8_t value, bool is_k) {
    codec_8b10b::encoder enc(positive_rd);
    return bits(enc.encode(value, is_k).symbol);
}

uint8_t dxy(unsigned x, unsigned y) {
    return static_cast<uint8_t>(y << 5 | x);
}

// Table 36-1a, columns "current RD -" and "current RD +", abcdei.
const std::array<std::array<const char*, 2>, 32> table_5b6b = {{
    {"100111", "011000"}, {"011101", "100010"}, {"101101", "010010"}, {"110001", "110001"},
    {"110101", "001010"}, {"101001", "101001"}, {"011001", "011001"}, {"111000", "000111"},
    {"111001", "000110"}, {"100101", "100101"}, {"010101", "010101"}, {"110100", "110100"},
    {"001101", "001101"}, {"101100", "101100"}, {"011100", "011100"}, {"010111", "101000"},
    {"011011", "100100"}, {"100011", "100011"}, {"010011", "010011"}, {"110010", "110010"},
    {"001011", "001011"}, {"101010", "101010"}, {"011010", "011010"}, {"111010", "000101"},
    {"110011", "001100"}, {"100110", "100110"}, {"010110", "010110"}, {"110110", "001001"},
    {"001110", "001110"}, {"101110", "010001"}, {"011110", "100001"}, {"101011", "010100"},
}};

// Table 36-1b, fghj, by the running disparity after the 6b sub-block;
// index 7 is D.x.P7, the alternate D.x.A7 is checked on its own.
const std::array<std::array<const char*, 2>, 8> table_3b4b = {{
    {"1011", "0100"},
    {"1001", "1001"},
    {"0101", "0101"},
    {"1100", "0011"},
    {"1101", "0010"},
    {"1010", "1010"},
    {"0110", "0110"},
    {"1110", "0001"},
}};

struct k_entry {
    const char* name;
    uint8_t value;
    const char* rd_neg;
    const char* rd_pos;
};

// Table 36-2, all twelve control code groups.
const std::array<k_entry, 12> table_k = {{
    {"K28.0", 0x1C, "001111 0100", "110000 1011"},
    {"K28.1", 0x3C, "001111 1001", "110000 0110"},
    {"K28.2", 0x5C, "001111 0101", "110000 1010"},
    {"K28.3", 0x7C, "001111 0011", "110000 1100"},
    {"K28.4", 0x9C, "001111 0010", "110000 1101"},
    {"K28.5", 0xBC, "001111 1010", "110000 0101"},
    {"K28.6", 0xDC, "001111 0110", "110000 1001"},
    {"K28.7", 0xFC, "001111 1000", "110000 0111"},
    {"K23.7", 0xF7, "111010 1000", "000101 0111"},
    {"K27.7", 0xFB, "110110 1000", "001001 0111"},
    {"K29.7", 0xFD, "101110 1000", "010001 0111"},
    {"K30.7", 0xFE, "011110 1000", "100001 0111"},
}};

int ones(uint16_t symbol, int width) {
    int n = 0;
    for (int i = 0; i < width; ++i) n += (symbol >> i) & 1;
    return n;
}

} // namespace

TEST_CASE("8b/10b: every control code group of Table 36-2, both columns", "[codec][8b10b]") {
    for (const k_entry& k : table_k) {
        INFO(k.name);
        CHECK(codec_8b10b::is_valid_k(k.value));
        CHECK(encode_from(false, k.value, true) == k.rd_neg);
        CHECK(encode_from(true, k.value, true) == k.rd_pos);
    }
}

TEST_CASE("8b/10b: every data code group against Tables 36-1a and 36-1b", "[codec][8b10b]") {
    for (unsigned x = 0; x < 32; ++x) {
        for (unsigned y = 0; y < 8; ++y) {
            for (int rd = 0; rd < 2; ++rd) {
                INFO("D" << x << "." << y << " from RD" << (rd ? '+' : '-'));
                std::string six = table_5b6b[x][rd];
                // 36.2.4.4: the 6b sub-block flips the disparity when it is
                // unbalanced; D.7's balanced 111000/000111 keep it.
                int n = 0;
                for (char c : six) n += c == '1';
                bool rd6 = n == 3 ? rd != 0 : !(rd != 0);
                // A7 replaces P7 where P7 would make a run of five (36-1b note).
                bool a7 = y == 7 &&
                          (rd6 ? (x == 11 || x == 13 || x == 14) : (x == 17 || x == 18 || x == 20));
                std::string four = a7 ? (rd6 ? "1000" : "0111") : table_3b4b[y][rd6 ? 1 : 0];
                CHECK(encode_from(rd != 0, dxy(x, y), false) == six + " " + four);
            }
        }
    }
}

TEST_CASE("8b/10b: published code groups", "[codec][8b10b]") {
    // Single entries of Table 36-1, as printed.
    CHECK(encode_from(false, dxy(0, 0), false) == "100111 0100");
    CHECK(encode_from(true, dxy(0, 0), false) == "011000 1011");
    CHECK(encode_from(false, dxy(21, 5), false) == "101010 1010");
    CHECK(encode_from(false, dxy(10, 2), false) == "010101 0101");
    CHECK(encode_from(false, dxy(7, 7), false) == "111000 1110");
    CHECK(encode_from(true, dxy(7, 7), false) == "000111 0001");
    CHECK(encode_from(false, dxy(17, 7), false) == "100011 0111");
    CHECK(encode_from(true, dxy(11, 7), false) == "110100 1000");
    CHECK(encode_from(false, dxy(31, 7), false) == "101011 0001");
    CHECK(encode_from(true, dxy(16, 2), false) == "100100 0101");
}

TEST_CASE("8b/10b: disparity and running disparity rules (36.2.4.4)", "[codec][8b10b]") {
    for (unsigned v = 0; v < 512; ++v) {
        bool is_k = v >= 256;
        auto value = static_cast<uint8_t>(v);
        if (is_k && !codec_8b10b::is_valid_k(value)) continue;
        for (int rd = 0; rd < 2; ++rd) {
            codec_8b10b::encoder enc(rd != 0);
            codec_8b10b::encoded e = enc.encode(value, is_k);
            INFO("value " << v << " from RD" << (rd ? '+' : '-') << ": " << bits(e.symbol));
            int d = 2 * ones(e.symbol, 10) - 10;
            // A code group is balanced or off by two, and never in the
            // direction that would grow the running disparity.
            CHECK((d == 0 || d == 2 || d == -2));
            if (rd)
                CHECK(d <= 0);
            else
                CHECK(d >= 0);
            CHECK(e.positive_rd_after == (d == 0 ? rd != 0 : d > 0));
            int six = ones(e.symbol >> 4, 6);
            int four = ones(e.symbol & 0xF, 4);
            CHECK((six >= 2 && six <= 4));
            CHECK((four >= 1 && four <= 3));
        }
    }
}

TEST_CASE("8b/10b: run length never above 5, commas only in K28.1/5/7 (36.2.4.9)",
          "[codec][8b10b]") {
    std::mt19937_64 rng(7);
    codec_8b10b::encoder enc;
    std::string stream;
    const std::array<uint8_t, 12> ks = {0x1C, 0x3C, 0x5C, 0x7C, 0x9C, 0xBC,
                                        0xDC, 0xFC, 0xF7, 0xFB, 0xFD, 0xFE};
    std::string data_only;
    for (int i = 0; i < 200000; ++i) {
        uint64_t r = rng();
        bool is_k = r % 8 == 0;
        auto value = is_k ? ks[(r >> 8) % ks.size()] : static_cast<uint8_t>(r >> 8);
        std::string b = bits(enc.encode(value, is_k).symbol);
        b.erase(6, 1);
        stream += b;
        bool comma_k = is_k && (value == 0x3C || value == 0xBC || value == 0xFC);
        if (!comma_k) {
            INFO("a comma inside " << b);
            CHECK(b.find("0011111") == std::string::npos);
            CHECK(b.find("1100000") == std::string::npos);
        } else {
            CHECK((b.find("0011111") == 0 || b.find("1100000") == 0));
        }
        if (!is_k) data_only += b;
    }
    CHECK(stream.find("000000") == std::string::npos);
    CHECK(stream.find("111111") == std::string::npos);
    // Across the boundaries of data characters no comma appears either.
    codec_8b10b::encoder data_enc;
    std::string data_stream;
    for (int i = 0; i < 100000; ++i) {
        std::string b = bits(data_enc.encode(static_cast<uint8_t>(rng()), false).symbol);
        b.erase(6, 1);
        data_stream += b;
    }
    CHECK(data_stream.find("0011111") == std::string::npos);
    CHECK(data_stream.find("1100000") == std::string::npos);
}

TEST_CASE("8b/10b: decode(encode(x)) = x for every character, both disparities", "[codec][8b10b]") {
    std::map<uint16_t, unsigned> owner;
    for (unsigned v = 0; v < 512; ++v) {
        bool is_k = v >= 256;
        auto value = static_cast<uint8_t>(v);
        if (is_k && !codec_8b10b::is_valid_k(value)) continue;
        for (int rd = 0; rd < 2; ++rd) {
            codec_8b10b::encoder enc(rd != 0);
            codec_8b10b::decoder dec(rd != 0);
            codec_8b10b::encoded e = enc.encode(value, is_k);
            codec_8b10b::decoded d = dec.decode(e.symbol);
            INFO("value " << v << " from RD" << (rd ? '+' : '-'));
            CHECK(d.value == value);
            CHECK(d.is_k == is_k);
            CHECK_FALSE(d.code_error);
            CHECK_FALSE(d.disparity_error);
            CHECK(d.positive_rd_after == e.positive_rd_after);
            // No code group stands for two characters.
            auto [it, fresh] = owner.emplace(e.symbol, v);
            CHECK((fresh || it->second == v));
        }
    }
    // 256 data and 12 control characters; balanced ones share both columns.
    CHECK(owner.size() > 268);
    CHECK(owner.size() < 2 * 268);
}

TEST_CASE("8b/10b: a random stream round-trips with running disparity", "[codec][8b10b]") {
    std::mt19937_64 rng(11);
    codec_8b10b::encoder enc;
    codec_8b10b::decoder dec;
    for (int i = 0; i < 100000; ++i) {
        auto value = static_cast<uint8_t>(rng());
        codec_8b10b::decoded d = dec.decode(enc.encode(value, false).symbol);
        REQUIRE(d.value == value);
        REQUIRE_FALSE(d.code_error);
        REQUIRE_FALSE(d.disparity_error);
    }
}

TEST_CASE("8b/10b: decoder flags code and disparity errors", "[codec][8b10b]") {
    codec_8b10b::decoder dec; // RD -
    // K28.5 from the RD+ column arriving at RD-: a disparity error.
    codec_8b10b::decoded d = dec.decode(0b1100000101);
    CHECK(d.disparity_error);
    CHECK_FALSE(d.code_error);
    CHECK(d.is_k);
    CHECK(d.value == 0xBC);
    // Not in Tables 36-1/36-2 at all.
    codec_8b10b::decoder dec2;
    CHECK(dec2.decode(0b1111111111).code_error);
    CHECK(dec2.decode(0b0000000000).code_error);
    CHECK(dec2.decode(0b1111000011).code_error); // 6b 111100 is in no column
}

TEST_CASE("8b/10b: an undefined K sends /V/ (K30.7) and is flagged", "[codec][8b10b]") {
    codec_8b10b::encoder enc;
    CHECK_FALSE(codec_8b10b::is_valid_k(0x00));
    CHECK_FALSE(codec_8b10b::is_valid_k(0xF5)); // K21.7 is not a control character
    codec_8b10b::encoded e = enc.encode(0x00, true);
    CHECK(e.invalid_k);
    CHECK(bits(e.symbol) == "011110 1000"); // K30.7, RD-
    codec_8b10b::encoder enc2;
    CHECK_FALSE(enc2.encode(0xBC, true).invalid_k);
}
