// SPDX-License-Identifier: Apache-2.0
// What moves between the co-simulation's parts, one record per lane, the same
// for both encodings: for 8b/10b a word is a byte plus K flag and a symbol is
// ten bits; for 64b/66b a word is a block plus control flag and a symbol is
// the scrambled payload plus the sync header.
#pragma once

#include <array>
#include <cstdint>

namespace lumen::cosim {

enum class encoding { ENC_8B10B, ENC_64B66B };

// The lane counts the RTL is verilated for (a Verilator parameter is fixed
// when the model is built): testbench/CMakeLists.txt and run_cosim list them too.
inline constexpr std::array<unsigned, 4> built_lane_counts = {1, 4, 8, 16};
inline constexpr unsigned max_lanes = 16;

struct lane_word {
    uint64_t data; // byte (8b/10b) or payload, byte 0 first on the wire (64b/66b)
    bool control;  // K character or control block
};

struct lane_symbol {
    uint64_t data;  // 10-bit symbol, bit 9 sent first, or scrambled payload
    uint8_t header; // 64b/66b sync header, bit 0 sent first; 0 for 8b/10b
    bool error;     // invalid K or block type replaced by the error code
    bool operator==(const lane_symbol& o) const {
        return data == o.data && header == o.header && error == o.error;
    }
};

struct lane_decoded {
    uint64_t data;
    bool control;
    bool error_a; // code error (8b/10b) or header error (64b/66b)
    bool error_b; // disparity error (8b/10b) or block type error (64b/66b)
    bool operator==(const lane_decoded& o) const {
        return data == o.data && control == o.control && error_a == o.error_a &&
               error_b == o.error_b;
    }
};

// One beat of all lanes at the rising edge numbered cycle.
template <typename T> struct beat {
    uint64_t cycle;
    std::array<T, max_lanes> lanes;
};

// The transactor's TLM writes to the scoreboard: the address says which.
enum stream : uint64_t { STREAM_INPUT = 0, STREAM_ENCODED = 1, STREAM_DECODED = 2 };

} // namespace lumen::cosim
