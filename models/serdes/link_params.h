// SPDX-License-Identifier: Apache-2.0
// The parameters of one Micro LED link (both directions alike) and the
// arithmetic that follows from them: unit interval, flit framing, wire bits,
// fixed latencies and payload capacity. Plain C++: the model and the tests'
// analytic checks read the same parameters, each doing its own sums.
#pragma once

#include "models/serdes/lane_encoder_timing.h"
#include "models/serdes/line_code.h"

#include <cstdint>
#include <vector>

namespace lumen::serdes {

constexpr unsigned crc_bytes = 4; // CRC-32C per flit

// Forward error correction below the link layer. RS(544,514) over 10-bit
// symbols (IEEE 802.3 Clause 91, "KP4"): 5440-bit codewords, 15 symbol errors
// corrected per codeword.
enum class fec_kind { NONE, RS544 };
constexpr unsigned max_flits_per_message = 64;

struct link_params {
    // Optical PHY: the lane array.
    unsigned lanes = 256;        // active data lanes per direction
    unsigned spare_lanes = 64;   // dark until a lane fails
    double lane_rate_gbps = 2.0; // line rate of one lane
    encoding line_encoding = encoding::E8B10B;
    double length_m = 10.0;       // imaging-fiber length
    double ns_per_m = 5.0;        // propagation (group index about 1.47)
    double ber = 1e-9;            // raw bit error rate of a lane
    unsigned bits_per_symbol = 1; // modulation: 1 NRZ/OOK, 2 PAM4 (baud = rate / this)
    double reach_m = 10.0;        // the technology's reach; length_m must not exceed it
    fec_kind fec = fec_kind::NONE;
    double fec_tx_ns = 0.0; // encoder latency
    double fec_rx_ns = 0.0; // decoder latency

    // Lane faults: spares replace dead lanes at link training; past the
    // spares the link trains to fewer lanes; below min_lanes it stays down.
    unsigned min_lanes = 1;
    double retrain_ns = 1000.0;       // pause of a retraining
    std::vector<unsigned> dead_lanes; // physical lane numbers, 0 .. lanes + spare_lanes - 1
    unsigned dead_lane_count = 0;     // placed by the seed when dead_lanes is empty
    std::vector<double> lane_ber;     // per physical lane; empty: ber, spread below
    double ber_spread_decades = 0.0;  // lane BER = ber * 10^u, u uniform in [-spread, spread]

    // Link layer: flits, credits, replay.
    unsigned flit_payload_bytes = 256; // data bytes a flit carries at most
    unsigned flit_header_bytes = 16;   // sequence, type, length, address
    unsigned rx_buffer_flits = 64;     // per virtual channel; the TX's credits
    unsigned replay_buffer_flits = 256;
    unsigned tx_queue_messages = 4; // per virtual channel, before the serializer

    // Fixed latencies: lane-clock cycles (one symbol per lane per cycle) or ns.
    unsigned tx_framing_cycles = 2; // flit framing and lane striping
    double driver_ns = 0.5;         // LED driver and LED rise
    double receiver_ns = 1.0;       // photodiode, TIA, CDR
    unsigned deskew_cycles = 4;
    unsigned decode_cycles = 2;

    // Energy.
    double tx_pj_per_bit = 0.2;    // per wire bit sent, transmitter
    double rx_pj_per_bit = 0.3;    // per wire bit received, receiver
    double idle_mw_per_lane = 0.1; // per active lane while not sending

    const line_code& code() const { return line_code_of(line_encoding); }
    // The lane encoder's pipeline: the same figure the RTL co-simulation checks.
    unsigned encoder_cycles() const {
        switch (line_encoding) {
        case encoding::E8B10B:
            return lane_encoder_timing_8b10b.latency_cycles;
        case encoding::E64B66B:
            return lane_encoder_timing_64b66b.latency_cycles;
        case encoding::NONE:
            break;
        }
        return 0;
    }
    double ui_ps() const { return 1000.0 / lane_rate_gbps; }
    double symbol_ps() const { return ui_ps() * code().code_bits; }

    unsigned flits(uint64_t data_bytes) const {
        return data_bytes == 0
                   ? 1
                   : unsigned((data_bytes + flit_payload_bytes - 1) / flit_payload_bytes);
    }
    uint64_t framed_bytes(uint64_t data_bytes) const {
        return framed_bytes_of_flits(flits(data_bytes), data_bytes);
    }
    // The same for a message already cut into `flit_count` flits.
    uint64_t framed_bytes_of_flits(uint64_t flit_count, uint64_t data_bytes) const {
        return flit_count * uint64_t(flit_header_bytes + crc_bytes) + data_bytes;
    }
    // Bits on the lanes for `data_bits` framed bits: line code, then FEC
    // parity, rounded up once.
    uint64_t line_bits(uint64_t data_bits) const {
        return line_bits(data_bits, line_bits_num(), line_bits_den());
    }
    // Wire bits per framed bit, as num / den, for a caller that keeps the
    // ratio rather than the parameters (lane_schedule, on the hot path).
    uint64_t line_bits_num() const {
        return code().code_bits * uint64_t(fec == fec_kind::RS544 ? 544 : 1);
    }
    uint64_t line_bits_den() const {
        return code().data_bits * uint64_t(fec == fec_kind::RS544 ? 514 : 1);
    }
    static uint64_t line_bits(uint64_t data_bits, uint64_t num, uint64_t den) {
        return (data_bits * num + den - 1) / den;
    }
    uint64_t wire_bits(uint64_t data_bytes) const {
        return line_bits(framed_bytes(data_bytes) * 8);
    }
    // The framed bit that wire bit `wire_bit` carries (the inverse of line_bits).
    uint64_t framed_bit_of(uint64_t wire_bit) const {
        return wire_bit * line_bits_den() / line_bits_num();
    }
    double fec_efficiency() const { return fec == fec_kind::RS544 ? 514.0 / 544.0 : 1.0; }
    // Bit error rate the link layer sees: raw, or what RS(544,514) leaves.
    double effective_ber() const;

    // Transmit pipeline (framing, encoder, driver), propagation, receive
    // pipeline (receiver, deskew, decode); serialization comes on top.
    double tx_latency_ps() const {
        return (tx_framing_cycles + encoder_cycles()) * symbol_ps() +
               (driver_ns + fec_tx_ns) * 1000.0;
    }
    double propagation_ps() const { return length_m * ns_per_m * 1000.0; }
    double rx_latency_ps() const {
        return (receiver_ns + fec_rx_ns) * 1000.0 + (deskew_cycles + decode_cycles) * symbol_ps();
    }

    // One direction's fixed latency, which data and credits alike take.
    double flight_ps() const { return tx_latency_ps() + propagation_ps() + rx_latency_ps(); }
    // A full flit on every active lane.
    double flit_ps() const {
        return double(line_bits(uint64_t(flit_payload_bytes + flit_header_bytes + crc_bytes) * 8)) /
               lanes * ui_ps();
    }
    // From the first bit of a message of `flits` flits to its credits' return:
    // serialization, the flight there, and the credits' flight back (the
    // receiver frees its buffer at once when the far side takes the message).
    double credit_round_trip_ps(unsigned flits) const {
        return flits * flit_ps() + 2.0 * flight_ps();
    }
    // Flits of credit that keep the lanes busy through a round trip of the
    // largest message the link carries: a buffer smaller than this is credit-bound.
    unsigned round_trip_flits() const;

    // Payload bytes per second with full flits back to back, in GB/s.
    double payload_capacity_GBps() const {
        double flit = flit_payload_bytes;
        return lanes * lane_rate_gbps * code().efficiency() * fec_efficiency() *
               (flit / (flit + flit_header_bytes + crc_bytes)) / 8.0;
    }
};

// A fault at a point in simulated time, for one direction of a link (plain
// data: the config reads it without SystemC, link_channel applies it).
struct lane_fault {
    enum kind_t { LANE_DOWN, LINK_DOWN, LINK_UP } kind;
    uint64_t at_ps;
    int lane = -1;      // LANE_DOWN: physical lane, or -1 for one chosen by the seed
    unsigned count = 1; // LANE_DOWN with lane -1: how many lanes die
};

} // namespace lumen::serdes
