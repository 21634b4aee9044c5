// SPDX-License-Identifier: Apache-2.0
#include "testbench/scoreboard.h"

#include <algorithm>

namespace lumen::cosim {

scoreboard::scoreboard(const sc_core::sc_module_name& name, lane_reference& reference,
                       unsigned lanes)
    : sc_core::sc_module(name)
    , beats_in("beats_in")
    , checked("checked")
    , mismatch("mismatch")
    , expected("expected", lanes)
    , expected_header("expected_header", lanes)
    , m_reference(reference)
    , m_lanes(lanes) {
    beats_in.register_b_transport(this, &scoreboard::b_transport);
}

void scoreboard::trace(sc_core::sc_trace_file* tf) {
    m_tracing = true;
    sc_core::sc_trace(tf, checked, checked.name());
    sc_core::sc_trace(tf, mismatch, mismatch.name());
    for (unsigned l = 0; l < m_lanes; ++l) {
        sc_core::sc_trace(tf, expected[l], expected[l].name());
        sc_core::sc_trace(tf, expected_header[l], expected_header[l].name());
    }
}

void scoreboard::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
    const unsigned char* data = trans.get_data_ptr();
    switch (trans.get_address()) {
    case STREAM_INPUT:
        on_input(*reinterpret_cast<const beat<lane_word>*>(data));
        break;
    case STREAM_ENCODED:
        on_encoded(*reinterpret_cast<const beat<lane_symbol>*>(data));
        break;
    case STREAM_DECODED:
        on_decoded(*reinterpret_cast<const beat<lane_decoded>*>(data));
        break;
    default:
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void scoreboard::on_input(const beat<lane_word>& b) {
    pending& p = m_pending.emplace_back();
    p.input = b;
    for (unsigned l = 0; l < m_lanes; ++l) p.expected[l] = m_reference.encode(l, b.lanes[l]);
    ++m_inputs;
}

void scoreboard::on_encoded(const beat<lane_symbol>& b) {
    if (m_next_encoded == m_pending.size()) {
        fail(b.cycle, 0, "encoder", "none", "no symbol", m_reference.format_symbol(b.lanes[0]));
        return;
    }
    const pending& p = m_pending[m_next_encoded];
    uint64_t latency = b.cycle - p.input.cycle;
    m_latency.min = std::min(m_latency.min, latency);
    m_latency.max = std::max(m_latency.max, latency);
    m_latency.sum += latency;
    ++m_latency.count;
    for (unsigned l = 0; l < m_lanes; ++l) {
        if (!(b.lanes[l] == p.expected[l])) {
            fail(b.cycle, l, "encoder", m_reference.format_word(p.input.lanes[l]),
                 m_reference.format_symbol(p.expected[l]), m_reference.format_symbol(b.lanes[l]));
        }
    }
    ++m_symbols_checked;
    if (m_tracing) { // before drop_checked, which may free p
        checked.write(static_cast<uint32_t>(m_symbols_checked));
        for (unsigned l = 0; l < m_lanes; ++l) {
            expected[l].write(p.expected[l].data);
            expected_header[l].write(p.expected[l].header);
        }
    }
    ++m_next_encoded;
    drop_checked();
}

void scoreboard::on_decoded(const beat<lane_decoded>& b) {
    if (m_next_decoded == m_pending.size()) {
        fail(b.cycle, 0, "decoder", "none", "no output", m_reference.format_decoded(b.lanes[0]));
        return;
    }
    const beat<lane_word>& in = m_pending[m_next_decoded].input;
    for (unsigned l = 0; l < m_lanes; ++l) {
        lane_decoded expected = m_reference.decoded(in.lanes[l]);
        if (!(b.lanes[l] == expected)) {
            fail(b.cycle, l, "decoder", m_reference.format_word(in.lanes[l]),
                 m_reference.format_decoded(expected), m_reference.format_decoded(b.lanes[l]));
        }
    }
    ++m_decoded_checked;
    ++m_next_decoded;
    drop_checked();
}

void scoreboard::drop_checked() {
    // In batches, so that the copying costs little per beat.
    std::size_t done = std::min(m_next_encoded, m_next_decoded);
    if (done < 1024) return;
    m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(done));
    m_next_encoded -= done;
    m_next_decoded -= done;
}

void scoreboard::fail(uint64_t cycle, unsigned lane, const char* where, const std::string& input,
                      const std::string& expected, const std::string& got) {
    ++m_mismatches;
    if (!m_first) m_first = mismatch_report{cycle, lane, where, input, expected, got};
    if (m_tracing) mismatch.write(true);
}

} // namespace lumen::cosim
