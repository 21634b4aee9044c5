// SPDX-License-Identifier: Apache-2.0
// Stimulus: random words for every lane, sent as TLM write transactions of
// burst_beats beats each (a beat is one word per lane, lane 0 first). The
// transactor's b_transport returns when it has room, which paces the source.
#pragma once

#include "testbench/lane_reference.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <random>
#include <vector>

namespace lumen::cosim {

class word_source : public sc_core::sc_module {
public:
    static constexpr uint64_t burst_beats = 256;

    tlm_utils::simple_initiator_socket<word_source> words_out;

    word_source(const sc_core::sc_module_name& name, const lane_reference& reference,
                unsigned lanes, uint64_t beats, uint64_t seed);

private:
    void run();

    const lane_reference& m_reference;
    unsigned m_lanes;
    uint64_t m_beats;
    std::mt19937_64 m_rng;
    std::vector<lane_word> m_burst;
};

} // namespace lumen::cosim
