// SPDX-License-Identifier: Apache-2.0
#include "testbench/word_source.h"

#include <algorithm>

namespace lumen::cosim {

word_source::word_source(const sc_core::sc_module_name& name, const lane_reference& reference,
                         unsigned lanes, uint64_t beats, uint64_t seed)
    : sc_core::sc_module(name)
    , words_out("words_out")
    , m_reference(reference)
    , m_lanes(lanes)
    , m_beats(beats)
    , m_rng(seed) {
    SC_HAS_PROCESS(word_source);
    SC_THREAD(run);
}

void word_source::run() {
    tlm::tlm_generic_payload trans;
    for (uint64_t sent = 0; sent < m_beats;) {
        uint64_t n = std::min(burst_beats, m_beats - sent);
        m_burst.resize(n * m_lanes);
        for (lane_word& w : m_burst) w = m_reference.random_word(m_rng);
        trans.set_command(tlm::TLM_WRITE_COMMAND);
        trans.set_address(sent);
        trans.set_data_ptr(reinterpret_cast<unsigned char*>(m_burst.data()));
        trans.set_data_length(static_cast<unsigned>(m_burst.size() * sizeof(lane_word)));
        trans.set_streaming_width(trans.get_data_length());
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        words_out->b_transport(trans, delay);
        if (trans.is_response_error())
            SC_REPORT_ERROR(name(), "the transactor refused a burst of words");
        sent += n;
    }
}

} // namespace lumen::cosim
