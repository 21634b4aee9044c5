// SPDX-License-Identifier: Apache-2.0
#include "testbench/vector_file.h"

#include <fmt/format.h>

#include <cctype>

namespace lumen::vectors {

namespace {

using serdes::codec_64b66b;
using serdes::codec_8b10b;

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

std::string line_8b10b(const std::string& line, codec_8b10b::encoder& enc, out_format f) {
    uint8_t value;
    bool is_k;
    unsigned x, y;
    if (parse_data_8b10b(line, value)) {
        is_k = false;
    } else if (parse_k_8b10b(line, x, y)) {
        if (x > 31 || y > 7 || !codec_8b10b::is_valid_k(static_cast<uint8_t>(y << 5 | x)))
            throw bad_line(fmt::format("K {}.{} is not a control character of Table 36-2", x, y));
        value = static_cast<uint8_t>(y << 5 | x);
        is_k = true;
    } else {
        throw bad_line(fmt::format("expected \"D hh\" or \"K x.y\", got \"{}\"", shown_line(line)));
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
        throw bad_line(fmt::format(
            "expected \"D\" or \"C\" and 16 hex digits (8 bytes, wire order), got \"{}\"",
            shown_line(line)));
    if (control && !codec_64b66b::is_valid_block_type(static_cast<uint8_t>(payload)))
        throw bad_line(fmt::format("block type 0x{:02x} is not in Figure 49-7", payload & 0xFF));
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

std::optional<uint64_t> parse_scrambler_seed(const std::string& hex) {
    std::size_t used = 0;
    uint64_t seed = 0;
    try {
        seed = std::stoull(hex, &used, 16);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used != hex.size() || used == 0 || seed > codec_64b66b::scrambler_all_ones)
        return std::nullopt;
    return seed;
}

vector_encoder::vector_encoder(line_code code, uint64_t scrambler_seed, out_format format)
    : m_code(code)
    , m_format(format)
    , m_64b66b(scrambler_seed) {}

std::optional<std::string> vector_encoder::encode(std::string line) {
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') return std::nullopt;
    if (line.back() == '\r') line.pop_back();
    return m_code == line_code::E8B10B ? line_8b10b(line, m_8b10b, m_format)
                                       : line_64b66b(line, m_64b66b, m_format);
}

} // namespace lumen::vectors
