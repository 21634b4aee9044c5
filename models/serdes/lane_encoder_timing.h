// SPDX-License-Identifier: Apache-2.0
// Timing of the lane-encoder stage, in lane-clock cycles: the one definition
// that the RTL (rtl/lane_encoder_*.sv, checked by lumen-cosim) must meet and
// that the TLM link adds to its transmit pipeline.
#pragma once

namespace lumen::serdes {

struct lane_encoder_timing {
    // Cycles from the rising edge that takes an input beat (valid and ready
    // high) to the first rising edge that sees its symbol with valid_o high.
    unsigned latency_cycles;
    // Symbols (8b/10b) or blocks (64b/66b) per lane per cycle while the sink
    // is ready: one, because the output register refills in the cycle it drains.
    unsigned symbols_per_cycle;
};

// One register stage: code tables and scrambler fit in one lane-clock cycle.
inline constexpr lane_encoder_timing lane_encoder_timing_8b10b{1, 1};
inline constexpr lane_encoder_timing lane_encoder_timing_64b66b{1, 1};

} // namespace lumen::serdes
