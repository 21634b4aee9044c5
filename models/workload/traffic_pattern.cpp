// SPDX-License-Identifier: Apache-2.0
#include "models/workload/traffic_pattern.h"

#include <fmt/format.h>

#include <stdexcept>

namespace lumen {

namespace {

bool power_of_two(unsigned n) {
    return n && (n & (n - 1)) == 0;
}

unsigned log2_of(unsigned n) {
    unsigned b = 0;
    while ((1u << b) < n) ++b;
    return b;
}

} // namespace

const std::vector<std::string>& pattern_names() {
    static const std::vector<std::string> names{"uniform", "permutation", "hotspot",
                                                "bit_complement", "transpose"};
    return names;
}

pattern_kind pattern_named(const std::string& name) {
    const auto& names = pattern_names();
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return pattern_kind(i);
    throw std::invalid_argument("unknown traffic pattern " + name);
}

std::string pattern_unsupported(pattern_kind kind, unsigned gpus) {
    if ((kind == pattern_kind::BIT_COMPLEMENT || kind == pattern_kind::TRANSPOSE) &&
        !power_of_two(gpus))
        return fmt::format("needs a power-of-two number of GPUs, not {}", gpus);
    if (kind == pattern_kind::PERMUTATION && gpus < 2) return "needs at least 2 GPUs";
    return {};
}

traffic_pattern::traffic_pattern(pattern_kind kind, unsigned gpus, double hotspot_fraction,
                                 uint64_t seed)
    : m_kind(kind)
    , m_gpus(gpus)
    , m_bits(log2_of(gpus))
    , m_hotspot_fraction(hotspot_fraction) {
    if (kind != pattern_kind::PERMUTATION) return;
    // Sattolo's algorithm: a uniformly random single cycle, so no GPU sends
    // to itself and every GPU receives from exactly one.
    random_stream random(seed, "workload.permutation");
    m_permutation.resize(gpus);
    for (unsigned i = 0; i < gpus; ++i) m_permutation[i] = i;
    for (unsigned i = gpus - 1; i > 0; --i)
        std::swap(m_permutation[i], m_permutation[random.below(i)]);
}

unsigned traffic_pattern::destination(unsigned source, random_stream& random) const {
    switch (m_kind) {
    case pattern_kind::UNIFORM:
        return unsigned(random.below(m_gpus));
    case pattern_kind::PERMUTATION:
        return m_permutation[source];
    case pattern_kind::HOTSPOT:
        return random.uniform() < m_hotspot_fraction ? 0u : unsigned(random.below(m_gpus));
    case pattern_kind::BIT_COMPLEMENT:
        return ~source & (m_gpus - 1);
    case pattern_kind::TRANSPOSE: {
        // Rotate the index bits by half their width: with an even width, the
        // transpose of a sqrt(N) x sqrt(N) matrix of GPUs.
        unsigned half = m_bits / 2, low = m_bits - half;
        return ((source >> low) | (source << half)) & (m_gpus - 1);
    }
    }
    return source;
}

} // namespace lumen
