// SPDX-License-Identifier: Apache-2.0
// The 64b/66b reference codec against IEEE 802.3-2022 Clause 49: sync
// headers (49.2.4.3), block type fields (Figure 49-7), the scrambler
// x^58 + x^39 + 1 (49.2.6, Figure 49-8) and descrambler (Figure 49-10).
#include "models/serdes/codec_64b66b.h"

#include <catch2/catch.hpp>

#include <array>
#include <random>

using lumen::serdes::codec_64b66b;

namespace {

// Figure 49-8 as drawn: a 58-stage shift register, one bit at a time in
// transmission order; out = in ^ S38 ^ S57, and out shifts into S0.
struct serial_scrambler {
    std::array<int, 58> s{};

    explicit serial_scrambler(uint64_t state) {
        // state bit 57 is the most recent bit sent, i.e. S0.
        for (int k = 0; k < 58; ++k) s[k] = static_cast<int>((state >> (57 - k)) & 1);
    }

    uint64_t scramble(uint64_t d) {
        uint64_t out = 0;
        for (int i = 0; i < 64; ++i) {
            int b = static_cast<int>((d >> i) & 1) ^ s[38] ^ s[57];
            out |= uint64_t(b) << i;
            for (int k = 57; k > 0; --k) s[k] = s[k - 1];
            s[0] = b;
        }
        return out;
    }
};

} // namespace

TEST_CASE("64b/66b: scrambler equals the serial x^58 + x^39 + 1 of Figure 49-8",
          "[codec][64b66b]") {
    std::mt19937_64 rng(3);
    for (int seed_case = 0; seed_case < 20; ++seed_case) {
        uint64_t state = seed_case == 0 ? codec_64b66b::scrambler_all_ones
                                        : rng() & codec_64b66b::scrambler_all_ones;
        serial_scrambler ref(state);
        for (int i = 0; i < 200; ++i) {
            uint64_t d = i % 3 == 0 ? 0 : rng();
            REQUIRE(codec_64b66b::scramble(d, state) == ref.scramble(d));
        }
    }
}

TEST_CASE("64b/66b: all-zero data from an all-ones scrambler", "[codec][64b66b]") {
    // s_i = s_(i-39) ^ s_(i-58): bits 0..38 take both from the state, 1 ^ 1 = 0;
    // bits 39..57 take s_(i-39) = 0 from this block and 1 from the state;
    // bits 58..63 take both from bits 0..24 of this block, 0 ^ 0 = 0.
    uint64_t state = codec_64b66b::scrambler_all_ones;
    uint64_t s = codec_64b66b::scramble(0, state);
    CHECK(s == 0x03FFFF8000000000ULL);
}

TEST_CASE("64b/66b: descrambler self-synchronizes within one block", "[codec][64b66b]") {
    std::mt19937_64 rng(5);
    codec_64b66b::encoder enc(rng());
    codec_64b66b::decoder dec(rng()); // a different, unknown state
    for (int i = 0; i < 100; ++i) {
        uint64_t d = rng();
        codec_64b66b::encoded e = enc.encode(d, false);
        codec_64b66b::decoded r = dec.decode(e.payload, e.header);
        // 64 received bits fill all 58 stages: from the second block on the
        // descrambler holds the scrambler's state.
        if (i > 0) REQUIRE(r.payload == d);
    }
    CHECK(dec.state() == enc.state());
}

TEST_CASE("64b/66b: sync headers 01 (data) and 10 (control), header bit 0 first",
          "[codec][64b66b]") {
    codec_64b66b::encoder enc;
    codec_64b66b::encoded data = enc.encode(0x0123456789ABCDEFULL, false);
    CHECK((data.header & 1) == 0); // sent first
    CHECK(((data.header >> 1) & 1) == 1);
    codec_64b66b::encoded ctrl = enc.encode(0x1E, true); // block type 0x1E: eight /I/
    CHECK((ctrl.header & 1) == 1);
    CHECK(((ctrl.header >> 1) & 1) == 0);
    CHECK_FALSE(ctrl.invalid_block);
}

TEST_CASE("64b/66b: block type fields of Figure 49-7", "[codec][64b66b]") {
    const std::array<uint8_t, 15> types = {0x1E, 0x2D, 0x33, 0x66, 0x55, 0x78, 0x4B, 0x87,
                                           0x99, 0xAA, 0xB4, 0xCC, 0xD2, 0xE1, 0xFF};
    unsigned valid = 0;
    for (unsigned t = 0; t < 256; ++t) valid += codec_64b66b::is_valid_block_type(uint8_t(t));
    CHECK(valid == types.size());
    for (uint8_t t : types) CHECK(codec_64b66b::is_valid_block_type(t));
}

TEST_CASE("64b/66b: decode(encode(x)) = x for data and control blocks", "[codec][64b66b]") {
    std::mt19937_64 rng(9);
    codec_64b66b::encoder enc;
    codec_64b66b::decoder dec;
    for (int i = 0; i < 100000; ++i) {
        bool control = i % 5 == 0;
        uint64_t d = rng();
        if (control) d = (d & ~uint64_t{0xFF}) | 0x78; // S0 D1..D7
        codec_64b66b::encoded e = enc.encode(d, control);
        codec_64b66b::decoded r = dec.decode(e.payload, e.header);
        REQUIRE(r.payload == d);
        REQUIRE(r.is_control == control);
        REQUIRE_FALSE(r.header_error);
        REQUIRE_FALSE(r.block_type_error);
    }
}

TEST_CASE("64b/66b: undefined block type sends the error block, decoder flags errors",
          "[codec][64b66b]") {
    codec_64b66b::encoder enc;
    codec_64b66b::decoder dec;
    codec_64b66b::encoded e = enc.encode(0x0000000000000000ULL, true); // type 0x00
    CHECK(e.invalid_block);
    codec_64b66b::decoded r = dec.decode(e.payload, e.header);
    // Figure 49-7: type 0x1E with /E/ (7-bit 0x1E) in all eight positions.
    CHECK(r.payload == codec_64b66b::error_block);
    CHECK((r.payload & 0xFF) == 0x1E);
    for (int c = 0; c < 8; ++c) CHECK(((r.payload >> (8 + 7 * c)) & 0x7F) == 0x1E);
    CHECK_FALSE(r.block_type_error);
    // A control header on a payload whose type field is undefined.
    codec_64b66b::encoder raw;
    codec_64b66b::decoder dec2;
    uint64_t scrambled = raw.encode(0x00, false).payload;
    CHECK(dec2.decode(scrambled, codec_64b66b::sync_control).block_type_error);
    CHECK(dec2.decode(0, 0b00).header_error);
    CHECK(dec2.decode(0, 0b11).header_error);
}
