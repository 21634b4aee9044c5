// SPDX-License-Identifier: Apache-2.0
// Transactor between TLM and the RTL's pins. Bursts of words arrive as TLM
// writes and leave as valid/ready beats, one word per lane per beat; at each
// rising edge it samples the handshakes (the values before the edge, as a
// flip-flop would), hands every beat taken or delivered to the scoreboard as a
// TLM write, and drives the sink's ready with random back-pressure.
//
// On request it flips one bit of the encoder's output as the scoreboard
// sees it (--inject-error), so that a designer can see the failure report;
// the RTL itself and its decoder are untouched.
//
// It also measures the encoder's throughput: symbols delivered per edge at
// which the encoder's sink (the decoder) was ready, from the first symbol
// shown to the last one taken.
#pragma once

#include "testbench/cosim_types.h"
#include "testbench/word_source.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace lumen::cosim {

template <typename Pins> class pin_transactor : public sc_core::sc_module {
public:
    static constexpr unsigned lanes = Pins::lanes;

    tlm_utils::simple_target_socket<pin_transactor> words_in;
    tlm_utils::simple_initiator_socket<pin_transactor> beats_out;
    Pins pins;

    // backpressure: probability that the sink is not ready in a cycle.
    template <typename Vtop>
    pin_transactor(const sc_core::sc_module_name& name, Vtop& rtl, sc_core::sc_clock& clk,
                   uint64_t beats, double backpressure, uint64_t seed)
        : sc_core::sc_module(name)
        , words_in("words_in")
        , beats_out("beats_out")
        , m_clk("clk")
        , m_beats(beats)
        , m_stall_threshold(static_cast<uint64_t>(backpressure * 18446744073709551615.0))
        , m_backpressure(backpressure > 0.0)
        , m_rng(seed ^ 0x6261636b7072ULL) {
        pins.bind(rtl, clk);
        m_clk(clk);
        words_in.register_b_transport(this, &pin_transactor::b_transport);
        SC_HAS_PROCESS(pin_transactor);
        SC_METHOD(on_clock);
        sensitive << m_clk.pos();
        dont_initialize();
    }

    // Flips bit 0 of lane 0 of the first encoder symbol shown at or after
    // the rising edge numbered cycle.
    void inject_error(uint64_t cycle) { m_inject_at = cycle; }
    // The edge at which the flipped symbol was first shown, if one was.
    std::optional<uint64_t> injected_cycle() const { return m_injected; }

    uint64_t cycles() const { return m_cycle; }
    bool done() const { return m_decoded == m_beats; }
    // Symbols per cycle per lane while the encoder's sink was ready.
    double throughput() const {
        return m_ready_at_last_symbol == 0
                   ? 0.0
                   : static_cast<double>(m_symbols) / static_cast<double>(m_ready_at_last_symbol);
    }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
        const auto* w = reinterpret_cast<const lane_word*>(trans.get_data_ptr());
        std::size_t n = trans.get_data_length() / sizeof(lane_word);
        m_words.erase(m_words.begin(), m_words.begin() + static_cast<std::ptrdiff_t>(m_head));
        m_head = 0;
        m_words.insert(m_words.end(), w, w + n);
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        // Two bursts in hand keep valid_i high from first beat to last.
        while (queued() > 2 * word_source::burst_beats * lanes) sc_core::wait(m_room);
    }

    std::size_t queued() const { return m_words.size() - m_head; }

    void send(stream s, void* record, std::size_t size) {
        m_trans.set_command(tlm::TLM_WRITE_COMMAND);
        m_trans.set_address(s);
        m_trans.set_data_ptr(static_cast<unsigned char*>(record));
        m_trans.set_data_length(static_cast<unsigned>(size));
        m_trans.set_streaming_width(static_cast<unsigned>(size));
        m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        beats_out->b_transport(m_trans, delay);
    }

    void on_clock() {
        uint64_t cycle = m_cycle++;

        if (pins.valid_i.read() && pins.ready_o.read()) {
            m_input.cycle = cycle;
            std::copy_n(m_words.begin() + static_cast<std::ptrdiff_t>(m_head), lanes,
                        m_input.lanes.begin());
            m_head += lanes;
            send(STREAM_INPUT, &m_input, sizeof m_input);
            if (queued() <= word_source::burst_beats * lanes) m_room.notify(sc_core::SC_ZERO_TIME);
        }

        bool enc_valid = pins.enc_valid_o.read();
        bool enc_ready = pins.enc_ready_o.read();
        if (enc_valid && !m_shown) {
            m_shown = true;
            m_encoded.cycle = cycle;
            m_any_shown = true;
        }
        if (m_any_shown && enc_ready) ++m_ready_edges;
        if (enc_valid && enc_ready) {
            pins.read_symbols(m_encoded.lanes.data());
            if (m_inject_at && !m_injected && m_encoded.cycle >= *m_inject_at) {
                m_encoded.lanes[0].data ^= 1;
                m_injected = m_encoded.cycle;
            }
            send(STREAM_ENCODED, &m_encoded, sizeof m_encoded);
            m_shown = false;
            ++m_symbols;
            m_ready_at_last_symbol = m_ready_edges;
        }

        if (pins.dec_valid_o.read() && pins.dec_ready_i.read()) {
            m_decoded_beat.cycle = cycle;
            pins.read_decoded(m_decoded_beat.lanes.data());
            send(STREAM_DECODED, &m_decoded_beat, sizeof m_decoded_beat);
            if (++m_decoded == m_beats) sc_core::sc_stop();
        }

        pins.rst_n.write(true);
        bool have = queued() > 0;
        pins.valid_i.write(have);
        if (have) pins.drive(&m_words[m_head]);
        pins.dec_ready_i.write(!(m_backpressure && m_rng() < m_stall_threshold));
    }

    sc_core::sc_in<bool> m_clk;
    uint64_t m_beats;
    uint64_t m_stall_threshold;
    bool m_backpressure;
    std::mt19937_64 m_rng;
    std::vector<lane_word> m_words; // words from m_head on are still to send
    std::size_t m_head = 0;
    sc_core::sc_event m_room;
    tlm::tlm_generic_payload m_trans;
    beat<lane_word> m_input{};
    beat<lane_symbol> m_encoded{};
    beat<lane_decoded> m_decoded_beat{};
    uint64_t m_cycle = 0;
    uint64_t m_symbols = 0;
    uint64_t m_decoded = 0;
    bool m_shown = false;
    bool m_any_shown = false;
    uint64_t m_ready_edges = 0;
    uint64_t m_ready_at_last_symbol = 0;
    std::optional<uint64_t> m_inject_at;
    std::optional<uint64_t> m_injected;
};

} // namespace lumen::cosim
