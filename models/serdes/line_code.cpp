// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/line_code.h"

#include "models/serdes/codec_64b66b.h"
#include "models/serdes/codec_8b10b.h"

#include <stdexcept>

namespace lumen::serdes {

namespace {

// "none" sends bytes as they are: one byte a lane clock, no coding overhead.
const line_code codes[] = {
    {encoding::NONE, "none", 8, 8},
    {encoding::E8B10B, "8b10b", codec_8b10b::data_bits, codec_8b10b::code_bits},
    {encoding::E64B66B, "64b66b", codec_64b66b::data_bits, codec_64b66b::code_bits},
};

} // namespace

const line_code& line_code_of(encoding e) {
    for (const auto& c : codes)
        if (c.kind == e) return c;
    throw std::invalid_argument("unknown encoding");
}

const line_code& line_code_named(const std::string& name) {
    for (const auto& c : codes)
        if (name == c.name) return c;
    throw std::invalid_argument("unknown encoding '" + name + "'");
}

std::vector<std::string> line_code_names() {
    std::vector<std::string> names;
    for (const auto& c : codes) names.push_back(c.name);
    return names;
}

} // namespace lumen::serdes
