// SPDX-License-Identifier: Apache-2.0
// lumen-vectors: golden vectors from the reference codecs, for checking any
// RTL in any simulator.
//
// 8b/10b: input lines "D hh" (a data byte in hex) or "K x.y" (a control
// character of Table 36-2, e.g. "K 28.5"); output per symbol its ten bits in
// transmission order (abcdei fghj, 'a' first), a space, and the running
// disparity after it (+ or -). Running disparity starts negative.
//
// 64b/66b: input lines "D" or "C" and 16 hex digits, bytes in wire order
// (spaces between bytes allowed): a data block, or a control block as
// Figure 49-7 writes it, block type field first. Output per block its 66 bits
// in transmission order, sync header first. --scrambler-seed gives the 58
// bits sent before the first block (in hex, the first of them in bit 0);
// without it the scrambler starts all ones.
//
// Blank lines and lines starting with '#' are skipped. A bad line stops the
// run with its line number, exit 2.
#include "models/serdes/codec_64b66b.h"
#include "models/serdes/codec_8b10b.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>
#include <string>

namespace {

using lumen::serdes::codec_64b66b;
using lumen::serdes::codec_8b10b;

struct bad_input {
    std::string message;
};

std::string bits_8b10b(uint16_t symbol) {
    std::string s;
    for (int i = 9; i >= 0; --i) s += ((symbol >> i) & 1) ? '1' : '0';
    return s;
}

std::string line_8b10b(const std::string& line, codec_8b10b::encoder& enc) {
    static const std::regex data_re(R"(\s*D\s+([0-9A-Fa-f]{2})\s*)");
    static const std::regex k_re(R"(\s*K\s+([0-9]{1,2})\.([0-9])\s*)");
    std::smatch m;
    uint8_t value;
    bool is_k;
    if (std::regex_match(line, m, data_re)) {
        value = static_cast<uint8_t>(std::stoul(m[1].str(), nullptr, 16));
        is_k = false;
    } else if (std::regex_match(line, m, k_re)) {
        unsigned x = std::stoul(m[1].str());
        unsigned y = std::stoul(m[2].str());
        if (x > 31 || y > 7 || !codec_8b10b::is_valid_k(static_cast<uint8_t>(y << 5 | x)))
            throw bad_input{fmt::format("K {}.{} is not a control character of Table 36-2", x, y)};
        value = static_cast<uint8_t>(y << 5 | x);
        is_k = true;
    } else {
        throw bad_input{fmt::format("expected \"D hh\" or \"K x.y\", got \"{}\"", line)};
    }
    codec_8b10b::encoded e = enc.encode(value, is_k);
    return fmt::format("{} {}", bits_8b10b(e.symbol), e.positive_rd_after ? '+' : '-');
}

std::string line_64b66b(const std::string& line, codec_64b66b::encoder& enc) {
    static const std::regex block_re(R"(\s*([DC])\s*((?:[0-9A-Fa-f]{2}\s*){8}))");
    std::smatch m;
    if (!std::regex_match(line, m, block_re))
        throw bad_input{fmt::format(
            "expected \"D\" or \"C\" and 16 hex digits (8 bytes, wire order), got \"{}\"", line)};
    bool control = m[1].str() == "C";
    std::string hex;
    for (char c : m[2].str())
        if (!std::isspace(static_cast<unsigned char>(c))) hex += c;
    uint64_t payload = 0;
    for (unsigned i = 0; i < 8; ++i)
        payload |= uint64_t{std::stoul(hex.substr(2 * i, 2), nullptr, 16)} << (8 * i);
    if (control && !codec_64b66b::is_valid_block_type(static_cast<uint8_t>(payload)))
        throw bad_input{fmt::format("block type 0x{:02x} is not in Figure 49-7", payload & 0xFF)};
    codec_64b66b::encoded e = enc.encode(payload, control);
    std::string s;
    s += (e.header & 1) ? '1' : '0';
    s += (e.header & 2) ? '1' : '0';
    for (unsigned i = 0; i < 64; ++i) s += ((e.payload >> i) & 1) ? '1' : '0';
    return s;
}

} // namespace

int main(int argc, char* argv[]) {
    std::string enc_name;
    std::string in_path;
    std::string out_path;
    std::string seed_hex;
    CLI::App app{"lumen-vectors: golden line-code vectors from the reference codecs"};
    app.add_option("--encoding", enc_name, "line code")
        ->required()
        ->check(CLI::IsMember({"8b10b", "64b66b"}));
    app.add_option("--in", in_path, "input words, one per line")->required();
    app.add_option("--out", out_path, "output symbols, one per line")->required();
    app.add_option("--scrambler-seed", seed_hex,
                   "64b66b: the 58 bits sent before the first block, hex, first in bit 0");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return 0;
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "lumen-vectors: %s\n", e.what());
        return 2;
    }

    uint64_t seed = codec_64b66b::scrambler_all_ones;
    if (!seed_hex.empty()) {
        if (enc_name != "64b66b") {
            std::fprintf(stderr, "lumen-vectors: --scrambler-seed is for --encoding 64b66b\n");
            return 2;
        }
        std::size_t used = 0;
        try {
            seed = std::stoull(seed_hex, &used, 16);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != seed_hex.size() || used == 0 || seed > codec_64b66b::scrambler_all_ones) {
            std::fprintf(stderr,
                         "lumen-vectors: --scrambler-seed %s: expected at most 58 bits in hex\n",
                         seed_hex.c_str());
            return 2;
        }
    }

    std::ifstream in(in_path);
    if (!in) {
        std::fprintf(stderr, "lumen-vectors: cannot read %s\n", in_path.c_str());
        return 2;
    }
    // Appending writes nothing yet: it only asks whether the file can be written.
    if (!std::ofstream(out_path, std::ios::app)) {
        std::fprintf(stderr, "lumen-vectors: cannot write %s\n", out_path.c_str());
        return 2;
    }
    codec_8b10b::encoder enc_8b10b;
    codec_64b66b::encoder enc_64b66b(seed);
    std::string out_text;
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        std::size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        if (line.back() == '\r') line.pop_back();
        try {
            out_text +=
                enc_name == "8b10b" ? line_8b10b(line, enc_8b10b) : line_64b66b(line, enc_64b66b);
            out_text += '\n';
        } catch (const bad_input& e) {
            std::fprintf(stderr, "lumen-vectors: %s:%u: %s\n", in_path.c_str(), number,
                         e.message.c_str());
            return 2;
        }
    }
    std::ofstream out(out_path);
    out << out_text;
    if (!out) {
        std::fprintf(stderr, "lumen-vectors: cannot write %s\n", out_path.c_str());
        return 1;
    }
    return 0;
}
