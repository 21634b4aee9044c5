// SPDX-License-Identifier: Apache-2.0
// Seeded random numbers whose sequence is fixed by this code alone (the
// standard library's distributions differ between implementations), so the
// same seed gives the same results bit for bit everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace lumen {

class random_stream {
public:
    // Each model draws from its own stream, keyed by the run seed and the
    // model's name, so adding a model does not shift another's numbers.
    random_stream(uint64_t seed, const std::string& stream_name);
    explicit random_stream(uint64_t seed);

    // xoshiro256**, inline: filling a write's data draws it once per 8 bytes.
    uint64_t next() {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // `bytes` bytes of next()'s draws, 8 to a draw, little end first.
    void fill(unsigned char* data, size_t bytes);
    double uniform();           // [0, 1)
    uint64_t below(uint64_t n); // [0, n)
    double exponential(double mean);
    // Trials until the first success (>= 1) for success probability p.
    uint64_t geometric(double p);

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

} // namespace lumen
