// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the vector file of lumen-vectors, each line through both
// encoders (8b/10b and 64b/66b), as lumen-vectors reads a file. The first
// line, when it starts with "seed ", is a --scrambler-seed for 64b/66b.
//
// A line may be refused, but only with bad_line (exit 2 in lumen-vectors);
// any other exception, a crash or a sanitizer report is a bug.
#include "fuzz/fuzz_input.h"
#include "testbench/vector_file.h"

#include <stdexcept>

using lumen::vectors::vector_encoder;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    std::vector<std::string> lines = lumen::fuzz::lines_of(lumen::fuzz::text_of(data, size));
    uint64_t seed = lumen::serdes::codec_64b66b::scrambler_all_ones;
    if (!lines.empty() && lines.front().rfind("seed ", 0) == 0) {
        const auto parsed = lumen::vectors::parse_scrambler_seed(lines.front().substr(5));
        if (!parsed) return 0;
        seed = *parsed;
        lines.erase(lines.begin());
    }
    for (auto code : {vector_encoder::line_code::E8B10B, vector_encoder::line_code::E64B66B}) {
        vector_encoder encoder(code, seed);
        const std::size_t width = code == vector_encoder::line_code::E8B10B ? 12 : 66;
        for (const auto& line : lines) {
            try {
                // An encoded line has the width of its line code, always.
                if (auto out = encoder.encode(line); out && out->size() != width)
                    throw std::logic_error("an encoded line of the wrong width");
            } catch (const lumen::vectors::bad_line&) {
                break; // lumen-vectors stops at the first bad line
            }
        }
    }
    return 0;
}
