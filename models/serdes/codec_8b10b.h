// SPDX-License-Identifier: Apache-2.0
// 8b/10b line code of IEEE 802.3 Clause 36: the golden reference of
// rtl/lane_encoder_8b10b.sv and rtl/lane_decoder_8b10b.sv, and the line code
// of the TLM link. One encoder or decoder object is one lane: it keeps that
// lane's running disparity.
//
// Symbol bit order: bit 9 is 'a' (sent first), bit 0 is 'j' (sent last), so a
// symbol printed MSB first reads "abcdei fghj" exactly as the standard's tables.
// Byte bit order: bit 0 is 'A', bit 7 is 'H' (Dx.y: x = EDCBA, y = HGF).
#pragma once

#include <cstdint>

namespace lumen::serdes {

struct codec_8b10b {
    static constexpr unsigned data_bits = 8;
    static constexpr unsigned code_bits = 10;

    // Clause 36 error propagation code /V/ = K30.7: what the encoder sends,
    // flagged, in place of a control character the standard does not define.
    static constexpr uint8_t error_k = 0xFE;

    // True for the twelve control characters of Table 36-2.
    static bool is_valid_k(uint8_t value);

    struct encoded {
        uint16_t symbol;
        bool positive_rd_after; // running disparity after this symbol
        bool invalid_k;         // the input was a K character outside Table 36-2
    };

    class encoder {
    public:
        // Running disparity starts negative (Clause 36.2.4.4).
        explicit encoder(bool positive_rd = false)
            : m_positive_rd(positive_rd) {}

        encoded encode(uint8_t value, bool is_k);
        bool positive_rd() const { return m_positive_rd; }

    private:
        bool m_positive_rd;
    };

    struct decoded {
        uint8_t value;
        bool is_k;
        bool code_error;      // not a code group of Tables 36-1/36-2 in either column
        bool disparity_error; // a code group of the other running-disparity column
        bool positive_rd_after;
    };

    class decoder {
    public:
        explicit decoder(bool positive_rd = false)
            : m_positive_rd(positive_rd) {}

        decoded decode(uint16_t symbol);
        bool positive_rd() const { return m_positive_rd; }

    private:
        bool m_positive_rd;
    };
};

} // namespace lumen::serdes
