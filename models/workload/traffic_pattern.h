// SPDX-License-Identifier: Apache-2.0
// The synthetic traffic patterns of interconnection-network studies (Dally
// and Towles, "Principles and Practices of Interconnection Networks", 2004,
// section 3.2): which GPU each request of a source goes to. Plain C++.
#pragma once

#include "models/core/random.h"

#include <string>
#include <vector>

namespace lumen {

enum class pattern_kind { UNIFORM, PERMUTATION, HOTSPOT, BIT_COMPLEMENT, TRANSPOSE };

const std::vector<std::string>& pattern_names();
pattern_kind pattern_named(const std::string& name); // one of pattern_names()
// Empty when the pattern is defined for `gpus`, else why not.
std::string pattern_unsupported(pattern_kind kind, unsigned gpus);

class traffic_pattern {
public:
    // `hotspot_fraction` of a source's requests go to GPU 0 under HOTSPOT,
    // the rest are uniform. PERMUTATION draws one random derangement from
    // `seed` (the same for every source).
    traffic_pattern(pattern_kind kind, unsigned gpus, double hotspot_fraction, uint64_t seed);

    // Destination of the next request of `source`; UNIFORM and HOTSPOT draw
    // from `random` (the source's own stream), the others are fixed maps.
    unsigned destination(unsigned source, random_stream& random) const;

private:
    pattern_kind m_kind;
    unsigned m_gpus;
    unsigned m_bits;
    double m_hotspot_fraction;
    std::vector<unsigned> m_permutation;
};

} // namespace lumen
