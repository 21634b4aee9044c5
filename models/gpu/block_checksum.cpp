// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/block_checksum.h"

#include <array>
#include <cstring>

namespace lumen {

const std::vector<std::string>& data_mode_names() {
    static const std::vector<std::string> names{"real", "compact"};
    return names;
}

const char* data_mode_name(data_mode mode) {
    return data_mode_names()[size_t(mode)].c_str();
}

namespace block_checksum {

namespace {

// Fixed weights (splitmix64 of the position, made odd): the same in every
// run and every model, so a checksum means the same bytes everywhere.
std::array<uint64_t, block_words> make_weights() {
    std::array<uint64_t, block_words> w{};
    w[0] = 1;
    for (unsigned i = 1; i < block_words; ++i) {
        uint64_t z = uint64_t(i) * 0x9E3779B97F4A7C15ULL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        w[i] = (z ^ (z >> 31)) | 1;
    }
    return w;
}

const std::array<uint64_t, block_words> weights = make_weights();

} // namespace

uint64_t weight(unsigned i) {
    return weights[i];
}

uint64_t of(const unsigned char* block) {
    uint64_t sum = 0;
    for (unsigned i = 0; i < block_words; ++i) {
        uint64_t x;
        std::memcpy(&x, block + 8 * i, 8);
        sum += weights[i] * x;
    }
    return sum;
}

void canonical(uint64_t sum, unsigned char* block) {
    std::memcpy(block, &sum, 8);
    std::memset(block + 8, 0, block_bytes - 8);
}

} // namespace block_checksum

} // namespace lumen
