// SPDX-License-Identifier: Apache-2.0
#include "testbench/lane_reference.h"

#include "models/serdes/codec_64b66b.h"
#include "models/serdes/codec_8b10b.h"

#include <fmt/format.h>

#include <vector>

namespace lumen::cosim {

namespace {

using serdes::codec_64b66b;
using serdes::codec_8b10b;

// Table 36-2.
constexpr std::array<uint8_t, 12> valid_k_codes = {0x1C, 0x3C, 0x5C, 0x7C, 0x9C, 0xBC,
                                                   0xDC, 0xFC, 0xF7, 0xFB, 0xFD, 0xFE};
// Figure 49-7.
constexpr std::array<uint8_t, 15> block_types = {0x1E, 0x2D, 0x33, 0x66, 0x55, 0x78, 0x4B, 0x87,
                                                 0x99, 0xAA, 0xB4, 0xCC, 0xD2, 0xE1, 0xFF};

// One in this many words is an invalid control input, one in control_one_in
// a valid control word: rare enough to keep the data path busy, common
// enough that 100,000 words reach every control code.
constexpr uint64_t invalid_one_in = 1024;
constexpr uint64_t control_one_in = 16;

class reference_8b10b final : public lane_reference {
public:
    explicit reference_8b10b(unsigned lanes)
        : m_encoders(lanes) {}

    lane_symbol encode(unsigned lane, const lane_word& word) override {
        codec_8b10b::encoded e =
            m_encoders[lane].encode(static_cast<uint8_t>(word.data), word.control);
        return {e.symbol, 0, e.invalid_k};
    }

    lane_decoded decoded(const lane_word& word) const override {
        bool invalid = word.control && !codec_8b10b::is_valid_k(static_cast<uint8_t>(word.data));
        return {invalid ? codec_8b10b::error_k : word.data, word.control, false, false};
    }

    lane_word random_word(std::mt19937_64& rng) const override {
        uint64_t r = rng();
        auto byte = static_cast<uint8_t>(r >> 32);
        if (r % invalid_one_in == 0) {
            while (codec_8b10b::is_valid_k(byte)) ++byte;
            return {byte, true};
        }
        if (r % control_one_in == 1) return {valid_k_codes[(r >> 40) % valid_k_codes.size()], true};
        return {byte, false};
    }

    std::string format_word(const lane_word& word) const override {
        return fmt::format("{}.{}.{} ({:02X})", word.control ? 'K' : 'D', word.data & 0x1F,
                           (word.data >> 5) & 7, word.data);
    }

    std::string format_symbol(const lane_symbol& s) const override {
        return fmt::format("{:06b} {:04b}{}", s.data >> 4, s.data & 0xF,
                           s.error ? " (invalid K flagged)" : "");
    }

    std::string format_decoded(const lane_decoded& d) const override {
        return fmt::format("{}{}{}", format_word({d.data, d.control}),
                           d.error_a ? " code error" : "", d.error_b ? " disparity error" : "");
    }

    serdes::lane_encoder_timing timing() const override {
        return serdes::lane_encoder_timing_8b10b;
    }
    const char* name() const override { return "8b10b"; }

private:
    std::vector<codec_8b10b::encoder> m_encoders;
};

// A 64-bit payload as its bytes in wire order.
std::string wire_hex(uint64_t payload) {
    std::string s;
    for (unsigned i = 0; i < 8; ++i) s += fmt::format("{:02x}", (payload >> (8 * i)) & 0xFF);
    return s;
}

class reference_64b66b final : public lane_reference {
public:
    explicit reference_64b66b(unsigned lanes)
        : m_encoders(lanes) {}

    lane_symbol encode(unsigned lane, const lane_word& word) override {
        codec_64b66b::encoded e = m_encoders[lane].encode(word.data, word.control);
        return {e.payload, e.header, e.invalid_block};
    }

    lane_decoded decoded(const lane_word& word) const override {
        bool invalid =
            word.control && !codec_64b66b::is_valid_block_type(static_cast<uint8_t>(word.data));
        return {invalid ? codec_64b66b::error_block : word.data, word.control, false, false};
    }

    lane_word random_word(std::mt19937_64& rng) const override {
        uint64_t r = rng();
        uint64_t payload = rng();
        if (r % invalid_one_in == 0) {
            auto type = static_cast<uint8_t>(payload);
            while (codec_64b66b::is_valid_block_type(type)) ++type;
            return {(payload & ~uint64_t{0xFF}) | type, true};
        }
        if (r % control_one_in == 1)
            return {(payload & ~uint64_t{0xFF}) | block_types[(r >> 32) % block_types.size()],
                    true};
        return {payload, false};
    }

    std::string format_word(const lane_word& word) const override {
        return fmt::format("{} {}", word.control ? 'C' : 'D', wire_hex(word.data));
    }

    std::string format_symbol(const lane_symbol& s) const override {
        return fmt::format("sync {}{} payload {}{}", s.header & 1, (s.header >> 1) & 1,
                           wire_hex(s.data), s.error ? " (invalid block type flagged)" : "");
    }

    std::string format_decoded(const lane_decoded& d) const override {
        return fmt::format("{}{}{}", format_word({d.data, d.control}),
                           d.error_a ? " header error" : "", d.error_b ? " block type error" : "");
    }

    serdes::lane_encoder_timing timing() const override {
        return serdes::lane_encoder_timing_64b66b;
    }
    const char* name() const override { return "64b66b"; }

private:
    std::vector<codec_64b66b::encoder> m_encoders;
};

} // namespace

std::unique_ptr<lane_reference> make_lane_reference(encoding enc, unsigned lanes) {
    if (enc == encoding::ENC_8B10B) return std::make_unique<reference_8b10b>(lanes);
    return std::make_unique<reference_64b66b>(lanes);
}

} // namespace lumen::cosim
