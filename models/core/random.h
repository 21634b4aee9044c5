// SPDX-License-Identifier: Apache-2.0
// Seeded random numbers whose sequence is fixed by this code alone (the
// standard library's distributions differ between implementations), so the
// same seed gives the same results bit for bit everywhere.
#pragma once

#include <cstdint>
#include <string>

namespace lumen {

class random_stream {
public:
    // Each model draws from its own stream, keyed by the run seed and the
    // model's name, so adding a model does not shift another's numbers.
    random_stream(uint64_t seed, const std::string& stream_name);
    explicit random_stream(uint64_t seed);

    uint64_t next();            // xoshiro256**
    double uniform();           // [0, 1)
    uint64_t below(uint64_t n); // [0, n)
    double exponential(double mean);
    // Trials until the first success (>= 1) for success probability p.
    uint64_t geometric(double p);

private:
    uint64_t m_s[4];
};

} // namespace lumen
