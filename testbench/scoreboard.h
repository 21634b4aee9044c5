// SPDX-License-Identifier: Apache-2.0
// Scoreboard: takes the beats the transactor saw on the pins (inputs taken,
// encoder symbols, decoder outputs) as TLM writes, runs the C++ reference
// encoder on the inputs, and compares bit for bit. It also measures the
// encoder's latency per beat: edges from taking the input to first showing
// its symbol.
#pragma once

#include "testbench/cosim_types.h"
#include "testbench/lane_reference.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace lumen::cosim {

class scoreboard : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<scoreboard> beats_in;
    // The verdict as signals, written only while tracing.
    sc_core::sc_signal<uint32_t> checked;
    sc_core::sc_signal<bool> mismatch;
    // Per lane, the reference's symbol for the beat the encoder delivered
    // at that edge: in GTKWave beside the RTL's (64b/66b: payload, header).
    sc_core::sc_vector<sc_core::sc_signal<uint64_t>> expected;
    sc_core::sc_vector<sc_core::sc_signal<uint32_t>> expected_header;

    struct mismatch_report {
        uint64_t cycle;
        unsigned lane;
        std::string where; // "encoder" or "decoder"
        std::string input, expected, got;
    };

    struct latency_stats {
        uint64_t min = std::numeric_limits<uint64_t>::max();
        uint64_t max = 0;
        uint64_t sum = 0;
        uint64_t count = 0;
    };

    scoreboard(const sc_core::sc_module_name& name, lane_reference& reference, unsigned lanes);

    void trace(sc_core::sc_trace_file* tf);

    uint64_t inputs() const { return m_inputs; }
    uint64_t symbols_checked() const { return m_symbols_checked; }
    uint64_t decoded_checked() const { return m_decoded_checked; }
    uint64_t mismatches() const { return m_mismatches; }
    const std::optional<mismatch_report>& first_mismatch() const { return m_first; }
    const latency_stats& latency() const { return m_latency; }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    void on_input(const beat<lane_word>& b);
    void on_encoded(const beat<lane_symbol>& b);
    void on_decoded(const beat<lane_decoded>& b);
    void drop_checked();
    void fail(uint64_t cycle, unsigned lane, const char* where, const std::string& input,
              const std::string& expected, const std::string& got);

    struct pending {
        beat<lane_word> input;
        std::array<lane_symbol, max_lanes> expected;
    };

    lane_reference& m_reference;
    unsigned m_lanes;
    bool m_tracing = false;
    // Inputs not yet checked at both outputs; the encoder's and the
    // decoder's checks each walk it with their own index.
    std::vector<pending> m_pending;
    std::size_t m_next_encoded = 0;
    std::size_t m_next_decoded = 0;
    uint64_t m_inputs = 0;
    uint64_t m_symbols_checked = 0;
    uint64_t m_decoded_checked = 0;
    uint64_t m_mismatches = 0;
    std::optional<mismatch_report> m_first;
    latency_stats m_latency;
};

} // namespace lumen::cosim
