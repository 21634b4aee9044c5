// SPDX-License-Identifier: Apache-2.0
// backing_store against a second implementation: a byte map, where a byte
// never written is absent and reads as zero.
#include "models/gpu/backing_store.h"

#include <catch2/catch.hpp>

#include <cstdint>
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
