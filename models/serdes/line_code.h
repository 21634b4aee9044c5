// SPDX-License-Identifier: Apache-2.0
// The line codes a Micro LED lane can run, with their data and code bits per
// symbol taken from the reference codecs, so the TLM link's wire-bit count is
// the codecs' own arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lumen::serdes {

enum class encoding { NONE, E8B10B, E64B66B };

struct line_code {
    encoding kind;
    const char* name;   // "none", "8b10b", "64b66b": the config spelling
    unsigned data_bits; // per symbol
    unsigned code_bits; // per symbol on the wire

    double efficiency() const { return double(data_bits) / double(code_bits); }
    // Wire bits for `data_bits_in` data bits, rounded up to a whole bit.
    uint64_t wire_bits(uint64_t data_bits_in) const {
        return (data_bits_in * code_bits + data_bits - 1) / data_bits;
    }
};

const line_code& line_code_of(encoding e);
// The config spelling to the code; throws std::invalid_argument on others.
const line_code& line_code_named(const std::string& name);
std::vector<std::string> line_code_names();

} // namespace lumen::serdes
