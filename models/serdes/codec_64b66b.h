// SPDX-License-Identifier: Apache-2.0
// 64b/66b line code of IEEE 802.3 Clause 49: sync header plus the
// self-synchronizing scrambler x^58 + x^39 + 1 over the 64-bit payload. The
// golden reference of rtl/lane_encoder_64b66b.sv and rtl/lane_decoder_64b66b.sv,
// and the line code of the TLM link. One encoder or decoder is one lane.
//
// Bit order: bit 0 of a payload is sent first (payload byte 0 is the first
// byte on the wire, the block type field of a control block), and header
// bit 0 is sent before header bit 1, so the data header "01" of Clause 49 is
// the value 0b10.
#pragma once

#include <cstdint>

namespace lumen::serdes {

struct codec_64b66b {
    static constexpr unsigned data_bits = 64;
    static constexpr unsigned code_bits = 66;

    static constexpr uint8_t sync_data = 0b10;
    static constexpr uint8_t sync_control = 0b01;
    static constexpr unsigned scrambler_bits = 58;
    static constexpr uint64_t scrambler_all_ones = (uint64_t{1} << scrambler_bits) - 1;

    // Figure 49-7: a control block of type 0x1E carrying eight /E/ (0x1E)
    // codes. The encoder sends it, flagged, in place of a control block whose
    // block type field the standard does not define.
    static constexpr uint64_t error_block = 0x1E | uint64_t{0x1E} << 8 | uint64_t{0x1E} << 15 |
                                            uint64_t{0x1E} << 22 | uint64_t{0x1E} << 29 |
                                            uint64_t{0x1E} << 36 | uint64_t{0x1E} << 43 |
                                            uint64_t{0x1E} << 50 | uint64_t{0x1E} << 57;

    // True for the fifteen block type fields of Figure 49-7.
    static bool is_valid_block_type(uint8_t type);

    // One 64-bit step of the scrambler; state holds the last 58 scrambled bits
    // sent, the most recent in bit 57.
    static uint64_t scramble(uint64_t payload, uint64_t& state);
    static uint64_t descramble(uint64_t scrambled, uint64_t& state);

    struct encoded {
        uint64_t payload; // scrambled
        uint8_t header;
        bool invalid_block; // a control block with an undefined block type
    };

    class encoder {
    public:
        explicit encoder(uint64_t seed = scrambler_all_ones)
            : m_state(seed & scrambler_all_ones) {}

        encoded encode(uint64_t payload, bool is_control);
        uint64_t state() const { return m_state; }

    private:
        uint64_t m_state;
    };

    struct decoded {
        uint64_t payload; // descrambled
        bool is_control;
        bool header_error;     // sync header 00 or 11
        bool block_type_error; // a control block with an undefined block type
    };

    class decoder {
    public:
        explicit decoder(uint64_t seed = scrambler_all_ones)
            : m_state(seed & scrambler_all_ones) {}

        decoded decode(uint64_t scrambled, uint8_t header);
        uint64_t state() const { return m_state; }

    private:
        uint64_t m_state;
    };
};

} // namespace lumen::serdes
