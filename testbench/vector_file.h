// SPDX-License-Identifier: Apache-2.0
// The input format of lumen-vectors, read line by line into the reference
// codecs: golden vectors for checking any RTL in any simulator.
//
// 8b/10b: input lines "D hh" (a data byte in hex) or "K x.y" (a control
// character of Table 36-2, e.g. "K 28.5"); output per symbol its ten bits in
// transmission order (abcdei fghj, 'a' first), a space, and the running
// disparity after it (+ or -). Running disparity starts negative.
//
// 64b/66b: input lines "D" or "C" and 16 hex digits, bytes in wire order
// (spaces between bytes allowed): a data block, or a control block as
// Figure 49-7 writes it, block type field first. Output per block its 66 bits
// in transmission order, sync header first. The scrambler seed gives the 58
// bits sent before the first block (the first of them in bit 0); by default
// the scrambler starts all ones.
//
// The readmemh / readmemb output variants write instead one word per line
// that Verilog's $readmemh / $readmemb loads into the RTL's own port layout:
// 8b/10b symbol_o[9:0] (bit 9 is 'a', sent first), 64b/66b
// {data_o[63:0], header_o[1:0]} in 66 bits (bit 0, header bit 0, first).
//
// Blank lines and lines starting with '#' are skipped.
#pragma once

#include "models/serdes/codec_64b66b.h"
#include "models/serdes/codec_8b10b.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace lumen::vectors {

// A line that is not of the format; the message says what was expected and
// shows the line (cut short when long). The caller adds file and line number.
class bad_line : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "--scrambler-seed" text: at most 58 bits in hex; nullopt when it is not.
std::optional<uint64_t> parse_scrambler_seed(const std::string& hex);

enum class out_format { TEXT, READMEMH, READMEMB };

class vector_encoder {
public:
    enum class line_code { E8B10B, E64B66B };
    explicit vector_encoder(line_code code,
                            uint64_t scrambler_seed = serdes::codec_64b66b::scrambler_all_ones,
                            out_format format = out_format::TEXT);

    // The output line for one input line (no newline), nullopt for a blank or
    // comment line; throws bad_line. Encoder state carries from line to line.
    std::optional<std::string> encode(std::string line);

private:
    line_code m_code;
    out_format m_format;
    serdes::codec_8b10b::encoder m_8b10b;
    serdes::codec_64b66b::encoder m_64b66b;
};

} // namespace lumen::vectors
