// SPDX-License-Identifier: Apache-2.0
// backing_store against a second implementation: a byte map, where a byte
// never written is absent and reads as zero.
#include "models/gpu/backing_store.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <unordered_map>
#include <vector>

using lumen::backing_store;

namespace {

struct byte_map {
    std::unordered_map<uint64_t, unsigned char> bytes;
    void write(uint64_t a, const unsigned char* d, uint64_t n) {
        for (uint64_t k = 0; k < n; ++k) bytes[a + k] = d[k];
    }
    unsigned char at(uint64_t a) const {
        auto it = bytes.find(a);
        return it == bytes.end() ? 0 : it->second;
    }
};

} // namespace

TEST_CASE("backing_store reads back what was written and zero elsewhere", "[pod][memory]") {
    backing_store store;
    byte_map model;
    std::mt19937_64 rng(7);
    // Addresses cluster in a few regions far apart, so accesses cross blocks
    // and pages, revisit pages and land on pages never seen.
    const uint64_t regions[] = {0, 3 * backing_store::page_bytes - 100, uint64_t(1) << 33,
                                (uint64_t(1) << 40) + 17};
    std::vector<unsigned char> data, got;
    for (int op = 0; op < 4000; ++op) {
        const uint64_t address = regions[rng() % 4] + rng() % (6 * backing_store::page_bytes);
        const uint64_t length = 1 + rng() % (rng() % 8 == 0 ? 9000 : 300);
        if (rng() % 2) {
            data.resize(length);
            for (auto& b : data) b = static_cast<unsigned char>(rng());
            store.write(address, data.data(), length);
            model.write(address, data.data(), length);
        } else {
            got.assign(length, 0xEE);
            store.read(address, got.data(), length);
            for (uint64_t k = 0; k < length; ++k) REQUIRE(got[k] == model.at(address + k));
        }
    }
}

TEST_CASE("backing_store: a partial first write leaves the rest of its block zero",
          "[pod][memory]") {
    backing_store store;
    const unsigned char one = 0x5A;
    store.write(backing_store::block_bytes + 3, &one, 1);
    std::vector<unsigned char> got(backing_store::block_bytes, 0xEE);
    store.read(backing_store::block_bytes, got.data(), got.size());
    for (size_t k = 0; k < got.size(); ++k) CHECK(got[k] == (k == 3 ? one : 0));
}

TEST_CASE("backing_store compact: checksums of whole blocks track real bytes, through "
          "reductions and copies",
          "[pod][memory][data]") {
    // The same whole-block operations on a real store and a compact one:
    // every compact block must hold the checksum of the real block, and
    // read back as that checksum and zeros.
    backing_store real, compact(lumen::data_mode::COMPACT);
    std::mt19937_64 rng(11);
    const uint64_t b = backing_store::block_bytes, span = 64;
    std::vector<unsigned char> data;
    for (int op = 0; op < 600; ++op) {
        const uint64_t at = (rng() % span) * b, from = (rng() % span) * b;
        const uint64_t blocks = 1 + rng() % 4;
        const uint64_t n = std::min(blocks, span - std::max(at, from) / b) * b;
        switch (rng() % 3) {
        case 0:
            data.resize(n);
            for (auto& x : data) x = static_cast<unsigned char>(rng());
            real.write(at, data.data(), n);
            compact.write(at, data.data(), n);
            break;
        case 1:
            if (at + n <= from || from + n <= at) {
                real.add_words(at, from, n);
                compact.add_words(at, from, n);
            }
            break;
        default:
            real.copy_from(real, from, at, n);
            compact.copy_from(compact, from, at, n);
        }
    }
    std::vector<unsigned char> block(b);
    for (uint64_t k = 0; k < span; ++k) {
        REQUIRE(compact.checksum(k * b) == real.checksum(k * b));
        compact.read(k * b, block.data(), b);
        uint64_t word0;
        std::memcpy(&word0, block.data(), 8);
        REQUIRE(word0 == real.checksum(k * b));
        for (uint64_t i = 8; i < b; ++i) REQUIRE(block[i] == 0);
    }
}

TEST_CASE("block checksum: linear in the words, changed by any one word or a swap",
          "[pod][memory][data]") {
    namespace bc = lumen::block_checksum;
    std::mt19937_64 rng(5);
    std::vector<uint64_t> x(bc::block_words), y(bc::block_words), sum(bc::block_words);
    auto of = [](const std::vector<uint64_t>& w) {
        return bc::of(reinterpret_cast<const unsigned char*>(w.data()));
    };
    for (int trial = 0; trial < 200; ++trial) {
        for (unsigned i = 0; i < bc::block_words; ++i) {
            x[i] = rng();
            y[i] = rng();
            sum[i] = x[i] + y[i];
        }
        REQUIRE(of(sum) == of(x) + of(y));
        // Any one word changed by any nonzero amount (even 2^63) is seen.
        const unsigned i = unsigned(rng() % bc::block_words);
        const uint64_t delta = trial % 2 ? uint64_t(1) << 63 : rng() | 1;
        std::vector<uint64_t> changed = x;
        changed[i] += delta;
        REQUIRE(of(changed) != of(x));
        // Two words that trade places are seen (unless equal).
        const unsigned j = (i + 1 + unsigned(rng() % (bc::block_words - 1))) % bc::block_words;
        std::vector<uint64_t> swapped = x;
        std::swap(swapped[i], swapped[j]);
        if (x[i] != x[j]) REQUIRE(of(swapped) != of(x));
    }
    // The canonical content has the checksum it carries.
    std::vector<unsigned char> block(bc::block_bytes);
    bc::canonical(0x1234567890ABCDEFULL, block.data());
    REQUIRE(bc::of(block.data()) == 0x1234567890ABCDEFULL);
}
