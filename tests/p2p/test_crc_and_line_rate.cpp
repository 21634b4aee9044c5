// SPDX-License-Identifier: Apache-2.0
// Pure C++ checks of the link layer's arithmetic: CRC-32C and line-code rates.
#include "models/core/random.h"
#include "models/serdes/crc32c.h"
#include "models/serdes/line_code.h"
#include "models/serdes/link_params.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

using namespace lumen;
using namespace lumen::serdes;

TEST_CASE("CRC-32C matches the published check value", "[crc]") {
    // RFC 3720 (iSCSI), B.4: CRC-32C of "123456789" is 0xE3069283.
    const char* check = "123456789";
    REQUIRE(crc32c(check, 9) == 0xE3069283u);
    REQUIRE(crc32c_table(check, 9) == 0xE3069283u);
    // RFC 3720 B.4: 32 bytes of zeros give 0x8A9136AA.
    std::vector<unsigned char> zeros(32, 0);
    REQUIRE(crc32c(zeros.data(), zeros.size()) == 0x8A9136AAu);
}

TEST_CASE("CRC-32C fast path equals the table, in pieces and whole", "[crc]") {
    random_stream r(7);
    for (size_t length : {0u, 1u, 7u, 8u, 9u, 31u, 32u, 33u, 63u, 276u, 4116u}) {
        std::vector<unsigned char> data(length);
        for (auto& b : data) b = uint8_t(r.next());
        uint32_t whole = crc32c(data.data(), length);
        REQUIRE(whole == crc32c_table(data.data(), length));
        size_t cut = length / 3;
        REQUIRE(crc32c(data.data() + cut, length - cut, crc32c(data.data(), cut)) == whole);
    }
}

TEST_CASE("random bytes are the draws, 8 to a draw, little end first", "[random]") {
    for (size_t length : {0u, 1u, 8u, 13u, 256u}) {
        random_stream filled(3, "gpu0"), drawn(3, "gpu0");
        std::vector<unsigned char> data(length);
        filled.fill(data.data(), length);
        uint64_t r = 0;
        for (size_t i = 0; i < length; ++i) {
            if (i % 8 == 0) r = drawn.next();
            REQUIRE(data[i] == uint8_t(r >> (8 * (i % 8))));
        }
        REQUIRE(filled.next() == drawn.next()); // a partial draw is used up
    }
}

TEST_CASE("the flit CRC catches every single, double and triple bit error", "[crc]") {
    // A flit of the default link: 16-byte header, 256 data bytes. CRC-32C's
    // Hamming distance is at least 4 up to 5243 data bits (Koopman 2002), so
    // every error of 1-3 bits in a 2176-bit flit must be caught.
    random_stream r(11);
    std::vector<unsigned char> flit(16 + 256);
    for (auto& b : flit) b = uint8_t(r.next());
    const uint32_t sent = crc32c(flit.data(), flit.size());
    const size_t bits = flit.size() * 8;
    for (size_t i = 0; i < bits; ++i) {
        flit[i / 8] ^= uint8_t(1u << (i % 8));
        REQUIRE(crc32c(flit.data(), flit.size()) != sent);
        flit[i / 8] ^= uint8_t(1u << (i % 8));
    }
    for (int trial = 0; trial < 20000; ++trial) {
        size_t n = 2 + trial % 2;
        std::vector<size_t> at;
        while (at.size() < n) {
            size_t b = r.below(bits);
            if (std::find(at.begin(), at.end(), b) == at.end()) at.push_back(b);
        }
        for (size_t b : at) flit[b / 8] ^= uint8_t(1u << (b % 8));
        REQUIRE(crc32c(flit.data(), flit.size()) != sent);
        for (size_t b : at) flit[b / 8] ^= uint8_t(1u << (b % 8));
    }
}

TEST_CASE("line-code efficiency and wire bits per encoding", "[line_code]") {
    // 8b/10b: 8 data bits in 10 (IEEE 802.3 Clause 36); 64b/66b: 64 in 66
    // (Clause 49); the published efficiencies 80.0 % and 96.97 %.
    REQUIRE(line_code_named("8b10b").efficiency() == Approx(0.800).epsilon(1e-12));
    REQUIRE(line_code_named("64b66b").efficiency() == Approx(0.9697).epsilon(1e-4));
    REQUIRE(line_code_named("none").efficiency() == 1.0);
    REQUIRE(line_code_named("8b10b").wire_bits(2208) == 2760);
    REQUIRE(line_code_named("64b66b").wire_bits(64) == 66);
    REQUIRE(line_code_named("64b66b").wire_bits(2208) == 2277); // 2208 * 66 / 64 = 2277
    REQUIRE(line_code_named("64b66b").wire_bits(65) == 68);     // 67.03 rounds up
    REQUIRE_THROWS(line_code_named("8b9b"));
}

TEST_CASE("link payload capacity from lanes, rate, code and flit framing", "[line_code]") {
    link_params p; // the embedded default: 256 lanes x 2 Gb/s, 8b/10b, 256 B flits, 16 B header
    // 256 * 2 Gb/s = 512 Gb/s raw; x 0.8 = 409.6 Gb/s of flit bits;
    // x 256/(256+16+4) payload share = 379.9 Gb/s = 47.49 GB/s.
    REQUIRE(p.payload_capacity_GBps() == Approx(409.6 / 8.0 * 256.0 / 276.0).epsilon(1e-12));
    p.line_encoding = encoding::E64B66B;
    p.lanes = 400;
    REQUIRE(p.payload_capacity_GBps() == Approx(400 * 2.0 * 64.0 / 66.0 / 8.0 * 256.0 / 276.0));
    REQUIRE(p.flits(0) == 1);
    REQUIRE(p.flits(256) == 1);
    REQUIRE(p.flits(257) == 2);
    REQUIRE(p.framed_bytes(1000) == 4 * 20 + 1000);
}
