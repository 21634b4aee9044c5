// SPDX-License-Identifier: Apache-2.0
#include "models/core/random.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace lumen {

namespace {

uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t fnv1a(const std::string& s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

} // namespace

random_stream::random_stream(uint64_t seed)
    : random_stream(seed, "") {}

random_stream::random_stream(uint64_t seed, const std::string& stream_name) {
    uint64_t x = seed ^ fnv1a(stream_name);
    for (auto& s : m_s) s = splitmix64(x);
}

void random_stream::fill(unsigned char* data, size_t bytes) {
    // Drawn from a copy: the bytes written may alias the state for all the
    // compiler knows, and it would reload the state after every store.
    // Whole words take a fixed-size copy the compiler makes one store; a
    // copy of a variable size is a library call per word.
    random_stream s = *this;
    size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
        const uint64_t r = s.next();
        std::memcpy(data + i, &r, 8);
    }
    if (i < bytes) {
        const uint64_t r = s.next();
        std::memcpy(data + i, &r, bytes - i);
    }
    *this = s;
}

double random_stream::uniform() {
    return double(next() >> 11) * 0x1.0p-53;
}

uint64_t random_stream::below(uint64_t n) {
    // Lemire's multiply-shift with rejection: unbiased.
    unsigned __int128 m = (unsigned __int128)next() * n;
    uint64_t low = uint64_t(m);
    if (low < n) {
        uint64_t threshold = -n % n;
        while (low < threshold) {
            m = (unsigned __int128)next() * n;
            low = uint64_t(m);
        }
    }
    return uint64_t(m >> 64);
}

double random_stream::exponential(double mean) {
    return -mean * std::log1p(-uniform());
}

uint64_t random_stream::geometric(double p) {
    if (p >= 1.0) return 1;
    if (p <= 0.0) return std::numeric_limits<uint64_t>::max();
    double u = 1.0 - uniform(); // (0, 1]
    double trials = std::floor(std::log(u) / std::log1p(-p)) + 1.0;
    return trials >= 1.8e19 ? std::numeric_limits<uint64_t>::max() : uint64_t(trials);
}

} // namespace lumen
