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
// --format readmemh | readmemb writes instead one word per line that
// Verilog's $readmemh / $readmemb loads into the RTL's own port layout:
// 8b/10b symbol_o[9:0] (bit 9 is 'a', sent first), 64b/66b
// {data_o[63:0], header_o[1:0]} in 66 bits (bit 0, header bit 0, first).
//
// Blank lines and lines starting with '#' are skipped. A bad line stops the
// run with its line number, exit 2.
#include "models/serdes/codec_64b66b.h"
#include "models/serdes/codec_8b10b.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <optional>
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

// A cursor over one input line. The line format was once matched with
// std::regex, whose matcher recurses per character: a long line (50,000
// spaces) overflowed the stack. This reads the same format by hand.
struct line_cursor {
    const std::string& text;
    std::size_t at = 0;

    bool done() const { return at == text.size(); }
    // Skips whitespace (as regex \s does); true when there was some.
    bool skip_space() {
        std::size_t from = at;
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
        return at > from;
    }
    bool take(char c) {
        if (done() || text[at] != c) return false;
        ++at;
        return true;
    }
    bool take_digit(unsigned& value) {
        if (done() || !std::isdigit(static_cast<unsigned char>(text[at]))) return false;
        value = value * 10 + unsigned(text[at++] - '0');
        return true;
    }
    // Two hex digits: one byte.
    bool take_byte(uint8_t& value) {
        if (at + 2 > text.size()) return false;
        unsigned v = 0;
        for (int i = 0; i < 2; ++i) {
            char c = text[at + i];
            if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
            v = v * 16 + unsigned(std::isdigit(static_cast<unsigned char>(c))
                                      ? c - '0'
                                      : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
        }
        at += 2;
        value = static_cast<uint8_t>(v);
        return true;
    }
};

// A bad line is echoed in the error; a very long one only in part.
std::string shown_line(const std::string& line) {
    constexpr std::size_t max_chars = 60;
    return line.size() <= max_chars ? line : line.substr(0, max_chars) + "...";
}

// "\s*D\s+hh\s*"
bool parse_data_8b10b(const std::string& line, uint8_t& value) {
    line_cursor c{line};
    c.skip_space();
    if (!c.take('D') || !c.skip_space() || !c.take_byte(value)) return false;
    c.skip_space();
    return c.done();
}

// "\s*K\s+d{1,2}\.d\s*"
bool parse_k_8b10b(const std::string& line, unsigned& x, unsigned& y) {
    line_cursor c{line};
    x = y = 0;
    c.skip_space();
    if (!c.take('K') || !c.skip_space() || !c.take_digit(x)) return false;
    c.take_digit(x);
    if (!c.take('.') || !c.take_digit(y)) return false;
    c.skip_space();
    return c.done();
}

enum class out_format { TEXT, READMEMH, READMEMB };

std::string line_8b10b(const std::string& line, codec_8b10b::encoder& enc, out_format f) {
    uint8_t value;
    bool is_k;
    unsigned x, y;
    if (parse_data_8b10b(line, value)) {
        is_k = false;
    } else if (parse_k_8b10b(line, x, y)) {
        if (x > 31 || y > 7 || !codec_8b10b::is_valid_k(static_cast<uint8_t>(y << 5 | x)))
            throw bad_input{fmt::format("K {}.{} is not a control character of Table 36-2", x, y)};
        value = static_cast<uint8_t>(y << 5 | x);
        is_k = true;
    } else {
        throw bad_input{
            fmt::format("expected \"D hh\" or \"K x.y\", got \"{}\"", shown_line(line))};
    }
    codec_8b10b::encoded e = enc.encode(value, is_k);
    if (f == out_format::READMEMH) return fmt::format("{:03x}", e.symbol);
    if (f == out_format::READMEMB) return bits_8b10b(e.symbol);
    return fmt::format("{} {}", bits_8b10b(e.symbol), e.positive_rd_after ? '+' : '-');
}

// "\s*[DC]\s*(hh\s*){8}": the bytes in wire order, the first in bits 0..7.
bool parse_block_64b66b(const std::string& line, bool& control, uint64_t& payload) {
    line_cursor c{line};
    c.skip_space();
    control = c.take('C');
    if (!control && !c.take('D')) return false;
    c.skip_space();
    payload = 0;
    for (unsigned i = 0; i < 8; ++i) {
        uint8_t byte;
        if (!c.take_byte(byte)) return false;
        payload |= uint64_t{byte} << (8 * i);
        c.skip_space();
    }
    return c.done();
}

std::string line_64b66b(const std::string& line, codec_64b66b::encoder& enc, out_format f) {
    bool control;
    uint64_t payload;
    if (!parse_block_64b66b(line, control, payload))
        throw bad_input{fmt::format(
            "expected \"D\" or \"C\" and 16 hex digits (8 bytes, wire order), got \"{}\"",
            shown_line(line))};
    if (control && !codec_64b66b::is_valid_block_type(static_cast<uint8_t>(payload)))
        throw bad_input{fmt::format("block type 0x{:02x} is not in Figure 49-7", payload & 0xFF)};
    codec_64b66b::encoded e = enc.encode(payload, control);
    // {data_o, header_o}: bits 65..2 the payload, 1..0 the header.
    if (f == out_format::READMEMH)
        return fmt::format("{:x}{:016x}", e.payload >> 62, e.payload << 2 | (e.header & 3u));
    if (f == out_format::READMEMB) {
        std::string b;
        for (int i = 63; i >= 0; --i) b += ((e.payload >> i) & 1) ? '1' : '0';
        return b + ((e.header & 2) ? '1' : '0') + ((e.header & 1) ? '1' : '0');
    }
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
    std::string format_name = "text";
    CLI::App app{"lumen-vectors: golden line-code vectors from the reference codecs",
                 "lumen-vectors"};
    app.add_option("--encoding", enc_name, "line code")
        ->required()
        ->check(CLI::IsMember({"8b10b", "64b66b"}));
    app.add_option("--in", in_path, "input words, one per line")->required();
    app.add_option("--out", out_path, "output symbols, one per line")->required();
    app.add_option("--scrambler-seed", seed_hex,
                   "64b66b: the 58 bits sent before the first block, hex, first in bit 0");
    app.add_option("--format", format_name,
                   "text (bits in transmission order), or one word per line for Verilog's "
                   "$readmemh / $readmemb in the RTL's port layout (docs/vectors.md)")
        ->check(CLI::IsMember({"text", "readmemh", "readmemb"}))
        ->capture_default_str();
    app.set_version_flag("--version", std::string("lumen-vectors ") + LUMEN_VERSION,
                         "print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return 0;
    } catch (const CLI::CallForVersion& e) {
        std::puts(e.what());
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
    const out_format format = format_name == "readmemh"   ? out_format::READMEMH
                              : format_name == "readmemb" ? out_format::READMEMB
                                                          : out_format::TEXT;
    codec_8b10b::encoder enc_8b10b;
    codec_64b66b::encoder enc_64b66b(seed);
    std::string out_text;
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        std::size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        if (line.back() == '\r') line.pop_back();
        try {
            out_text += enc_name == "8b10b" ? line_8b10b(line, enc_8b10b, format)
                                            : line_64b66b(line, enc_64b66b, format);
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
