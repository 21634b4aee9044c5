// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/link_channel.h"

#include "models/core/log.h"
#include "models/serdes/crc32c.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lumen::serdes {

using namespace sc_core;

namespace {

uint32_t message_data_bytes(const tlm::tlm_generic_payload& gp, unsigned vc) {
    // A write request and a read response carry data; the others only a header.
    bool carries = (vc == VC_REQUEST) == gp.is_write();
    return carries ? gp.get_data_length() : 0;
}

constexpr unsigned header_layout_bytes = 16;

} // namespace

link_channel::link_channel(sc_module_name name, const link_params& params, uint64_t seed)
    : sc_module(name)
    , m_params(params)
    , m_random(seed, std::string(this->name()))
    , m_control_latency(sc_time::from_value(uint64_t(
          std::llround(params.tx_latency_ps() + params.propagation_ps() + params.rx_latency_ps()))))
    , m_flight_ps(uint64_t(
          std::llround(params.tx_latency_ps() + params.propagation_ps() + params.rx_latency_ps())))
    , m_sent_crc(params.replay_buffer_flits)
    , m_credits{params.rx_buffer_flits, params.rx_buffer_flits}
    , m_schedule(params)
    , m_ber(0)
    , m_bits_to_error(0)
    , m_control("control")
    , m_arrivals("arrivals")
    , m_faults("faults") {
    unsigned physical = params.lanes + params.spare_lanes;
    m_lane_alive.assign(physical, 1);
    m_lane_ber = params.lane_ber;
    if (m_lane_ber.empty())
        for (unsigned i = 0; i < physical; ++i)
            m_lane_ber.push_back(params.ber * std::pow(10.0, params.ber_spread_decades *
                                                                 (2 * m_random.uniform() - 1)));
    for (unsigned lane : params.dead_lanes) m_lane_alive[lane] = 0;
    for (unsigned n = 0; n < params.dead_lane_count; ++n) {
        // Placed by the seed among the lanes still alive.
        unsigned pick = unsigned(m_random.below(physical - n));
        for (unsigned i = 0; i < physical; ++i)
            if (m_lane_alive[i] && pick-- == 0) {
                m_lane_alive[i] = 0;
                break;
            }
    }
    m_log = log_info_enabled();
    train();
    log_training("trained");
    m_bits_to_error = m_random.geometric(m_ber);
    SC_METHOD(apply_faults);
    sensitive << m_faults.event();
    dont_initialize();
    SC_METHOD(kick_transmit);
    sensitive << m_tx_wake.event() << m_control.event();
    dont_initialize();
    SC_METHOD(receive);
    sensitive << m_arrivals.event();
    dont_initialize();
}

void link_channel::accept(tlm::tlm_generic_payload* gp, unsigned vc) {
    m_txq[vc].push_back(gp);
    ++m_txq_messages;
    // While serializing, the wake at the end of the packet is pending; an
    // idle transmitter starts now, without a delta cycle. transmit() calls
    // out through space_freed, which may bring us back here: once at a time.
    if (sc_time_stamp().value() >= m_busy_until_ps) kick_transmit();
}

void link_channel::kick_transmit() {
    if (m_in_transmit) {
        m_transmit_again = true;
        return;
    }
    m_in_transmit = true;
    do {
        m_transmit_again = false;
        transmit();
    } while (m_transmit_again);
    m_in_transmit = false;
}

void link_channel::build_header(const packet& p, unsigned flit, unsigned char* out) const {
    // seq (4), vc and command (1), flit index (1), data length (2), address (8)
    unsigned char h[header_layout_bytes] = {};
    uint32_t seq = uint32_t(p.seq);
    std::memcpy(h, &seq, 4);
    h[4] = uint8_t(p.vc << 1 | (p.gp->is_write() ? 1 : 0));
    h[5] = uint8_t(flit);
    uint16_t len = uint16_t(p.data_bytes);
    std::memcpy(h + 6, &len, 2);
    uint64_t address = p.gp->get_address();
    std::memcpy(h + 8, &address, 8);
    std::memset(out, 0, m_params.flit_header_bytes);
    std::memcpy(out, h, std::min(m_params.flit_header_bytes, header_layout_bytes));
}

const unsigned char* link_channel::flit_data(const packet& p, unsigned flit,
                                             uint32_t& length) const {
    uint32_t offset = flit * m_params.flit_payload_bytes;
    length =
        offset >= p.data_bytes ? 0 : std::min(m_params.flit_payload_bytes, p.data_bytes - offset);
    return p.gp->get_data_ptr() + offset;
}

uint32_t link_channel::flit_crc(const packet& p, unsigned flit) const {
    unsigned char header[64];
    build_header(p, flit, header);
    uint32_t length;
    const unsigned char* data = flit_data(p, flit, length);
    return crc32c(data, length, crc32c(header, m_params.flit_header_bytes));
}

void link_channel::inject_errors(const packet& p, uint64_t wire_bits, uint64_t transmission) {
    // Bit errors arrive as a Bernoulli process over the wire bits: the gap to
    // the next one is geometric. Each lands on a real bit of the flit it hits
    // (mapped from wire bits back to framed bits through the code rate).
    uint64_t position = 0;
    while (m_bits_to_error <= wire_bits - position) {
        position += m_bits_to_error;
        m_bits_to_error = m_random.geometric(m_ber);
        ++m_stats.bit_errors;
        uint64_t framed_bit = m_params.framed_bit_of(position - 1);
        unsigned flit = 0;
        uint64_t flit_bits = 0;
        for (; flit < p.flits; ++flit) {
            uint32_t length;
            flit_data(p, flit, length);
            flit_bits = uint64_t(m_params.flit_header_bytes + length + crc_bytes) * 8;
            if (framed_bit < flit_bits) break;
            framed_bit -= flit_bits;
        }
        if (flit == p.flits) {
            flit = p.flits - 1;
            framed_bit %= flit_bits;
        }
        flip_bit(p, transmission, flit, framed_bit);
    }
    m_bits_to_error -= wire_bits - position;
}

void link_channel::flip_bit(const packet& p, uint64_t transmission, unsigned flit,
                            uint64_t framed_bit) {
    auto& bytes = m_corrupted[{transmission, flit}];
    if (bytes.empty()) {
        uint32_t length;
        const unsigned char* data = flit_data(p, flit, length);
        bytes.resize(m_params.flit_header_bytes + length + crc_bytes);
        build_header(p, flit, bytes.data());
        std::memcpy(bytes.data() + m_params.flit_header_bytes, data, length);
        std::memcpy(bytes.data() + m_params.flit_header_bytes + length, &sent_crc(p, flit),
                    crc_bytes);
    }
    bytes[framed_bit / 8] ^= uint8_t(1u << (framed_bit % 8));
}

void link_channel::apply_control(const control& c) {
    switch (c.kind) {
    case control_kind::ACK:
        while (!m_replay.empty() && m_replay.front().seq <= c.value) {
            m_replay_flits -= m_replay.front().flits;
            m_replay.pop_front();
            --m_resend_index;
        }
        if (m_nak_storm) log_storm_over(sc_time_stamp().value());
        break;
    case control_kind::NAK:
        // Go back to the rejected packet: the ACKs before it came first.
        ++m_stats.naks;
        if (m_log) log_nak(sc_time_stamp().value());
        m_resend_index = 0;
        if (m_replay.empty() || m_replay.front().seq != c.value)
            SC_REPORT_ERROR(name(), "NAK for a packet not at the head of the replay buffer");
        break;
    case control_kind::CREDIT:
        m_credits[c.vc] += unsigned(c.value);
        break;
    }
}

void link_channel::transmit() {
    control c;
    while (m_control.pop_due(c)) apply_control(c);

    uint64_t now = sc_time_stamp().value();
    if (now < m_busy_until_ps) {
        m_tx_wake.notify_at(m_busy_until_ps, now);
        return;
    }
    m_busy = false;
    if (m_down) return; // a LINK_UP fault wakes us
    if (now < m_training_until_ps) {
        m_tx_wake.notify_at(m_training_until_ps, now);
        return;
    }
    if (m_training) {
        m_training = false;
        log_info(*this, "link up: retrained to {} lanes", m_lanes_active);
    }

    packet* p = nullptr;
    int freed_vc = -1; // a full transmit queue that now has room
    if (m_resend_index < m_replay.size()) {
        p = &m_replay[m_resend_index];
        if (m_credits[p->vc] < p->flits) { // a credit return wakes us
            ++m_stats.credit_stalls;
            return;
        }
    } else {
        for (unsigned i = 0; i < VC_COUNT && !p; ++i) {
            unsigned vc = (m_next_vc + i) % VC_COUNT;
            if (m_txq[vc].empty()) continue;
            tlm::tlm_generic_payload* gp = m_txq[vc].front();
            uint32_t data = message_data_bytes(*gp, vc);
            unsigned flits = m_params.flits(data);
            if (m_credits[vc] < flits || m_replay_flits + flits > m_params.replay_buffer_flits)
                continue;
            m_txq[vc].pop_front();
            --m_txq_messages;
            m_replay.emplace_back(); // the CRCs are filled below, flit by flit
            p = &m_replay.back();
            p->seq = m_next_seq++;
            p->gp = gp;
            p->vc = vc;
            p->flits = flits;
            p->data_bytes = data;
            p->first_flit = m_next_flit;
            m_next_flit += flits;
            for (unsigned f = 0; f < flits; ++f) sent_crc(*p, f) = flit_crc(*p, f);
            m_replay_flits += flits;
            m_stats.max_replay_flits = std::max(m_stats.max_replay_flits, m_replay_flits);
            m_next_vc = (vc + 1) % VC_COUNT;
            if (m_txq[vc].size() + 1 == m_params.tx_queue_messages) freed_vc = int(vc);
        }
        if (!p) { // an ingress, a credit or an ACK wakes us
            if (!m_txq[VC_REQUEST].empty() || !m_txq[VC_RESPONSE].empty()) ++m_stats.credit_stalls;
            return;
        }
    }
    ++m_resend_index;
    if (p->seq < m_sent_seq_end)
        ++m_stats.retries;
    else
        m_sent_seq_end = p->seq + 1;
    m_credits[p->vc] -= p->flits;

    // Start on the next unit-interval edge; a packet that follows the previous
    // one without a gap continues its busy period, so bits pack across flits.
    lane_schedule::slot slot =
        m_schedule.send(now, m_params.framed_bytes(p->data_bytes) * 8, m_lanes_active);
    uint64_t end = slot.end_ps;
    uint64_t wire_bits = slot.wire_bits;

    m_stats.flits_sent += p->flits;
    m_stats.wire_bits += wire_bits;
    m_stats.busy_ps += end - slot.start_ps;
    m_busy_until_ps = end;
    m_busy = true;

    uint64_t transmission = m_transmissions++;
    if (m_ber > 0) inject_errors(*p, wire_bits, transmission);
    m_arrivals.push(arrival{p->seq, transmission}, sc_time::from_value(end + m_flight_ps - now));
    m_on_wire.push_back(on_wire{transmission, p->seq, end + m_flight_ps});
    m_tx_wake.notify_at(end, now);
    // Last, as it calls out of the link and may come back in through accept().
    if (freed_vc >= 0 && space_freed) space_freed(unsigned(freed_vc));
}

void link_channel::receive() {
    arrival a;
    while (m_arrivals.pop_due(a)) {
        m_on_wire.pop_front();
        const packet& p = in_flight(a.seq);
        // Go-back-N: everything after a rejected packet is dropped until its
        // replay arrives. The receiver's check of each flit: the CRC of the
        // header and payload as they arrived against the CRC field as it arrived.
        bool in_order = p.seq == m_expected_seq;
        bool good = in_order;
        for (unsigned f = 0; f < p.flits && in_order; ++f) {
            uint32_t computed, carried;
            auto it = m_corrupted.find({a.transmission, f});
            if (it == m_corrupted.end()) {
                computed = flit_crc(p, f);
                carried = sent_crc(p, f);
            } else {
                size_t covered = it->second.size() - crc_bytes;
                computed = crc32c(it->second.data(), covered);
                std::memcpy(&carried, it->second.data() + covered, crc_bytes);
            }
            if (computed != carried) {
                ++m_stats.crc_errors;
                good = false;
            }
        }
        for (auto it = m_corrupted.lower_bound({a.transmission, 0});
             it != m_corrupted.end() && it->first.first == a.transmission;)
            it = m_corrupted.erase(it);
        if (!good) {
            if (in_order) send_control(control_kind::NAK, p.seq);
            send_control(control_kind::CREDIT, p.flits, p.vc); // the dropped flits' space
            continue;
        }
        ++m_expected_seq;
        send_control(control_kind::ACK, p.seq);
        m_rxq[p.vc].emplace_back(p.gp, p.flits);
        m_rx_flits[p.vc] += p.flits;
        if (m_rx_flits[p.vc] > m_params.rx_buffer_flits) ++m_stats.rx_overflows;
        m_stats.max_rx_flits[p.vc] = std::max(m_stats.max_rx_flits[p.vc], m_rx_flits[p.vc]);
        ++m_stats.messages;
        m_stats.payload_bytes += p.data_bytes;
        try_deliver(p.vc);
    }
}

const link_channel::packet& link_channel::in_flight(uint64_t seq) const {
    if (m_replay.empty() || seq < m_replay.front().seq ||
        seq - m_replay.front().seq >= m_replay.size())
        SC_REPORT_FATAL(name(), "a packet in flight is missing from the replay buffer");
    return m_replay[seq - m_replay.front().seq];
}

void link_channel::try_deliver(unsigned vc) {
    while (!m_delivering[vc] && !m_rxq[vc].empty()) {
        m_delivering[vc] = true;
        if (!deliver(*m_rxq[vc].front().first, vc)) return;
        finish_delivery(vc);
    }
}

void link_channel::finish_delivery(unsigned vc) {
    unsigned flits = m_rxq[vc].front().second;
    m_rxq[vc].pop_front();
    m_rx_flits[vc] -= flits;
    m_delivering[vc] = false;
    send_control(control_kind::CREDIT, flits, vc);
}

void link_channel::delivered(unsigned vc) {
    finish_delivery(vc);
    try_deliver(vc);
}

void link_channel::send_control(control_kind kind, uint64_t value, unsigned vc) {
    m_control.push(control{kind, value, vc}, m_control_latency);
}

void link_channel::trace(tracer& t) const {
    std::string n = name();
    t.add(m_busy, n + ".busy");
    t.add(m_credits[VC_REQUEST], n + ".credits_request");
    t.add(m_credits[VC_RESPONSE], n + ".credits_response");
    t.add(m_replay_flits, n + ".replay_flits");
    t.add(m_lanes_active, n + ".lanes_active");
    t.add(m_training, n + ".training");
    // What a designer looks for when a link misbehaves: the counters step
    // at each event.
    t.add(m_txq_messages, n + ".tx_queue_depth");
    t.add(m_stats.crc_errors, n + ".crc_errors");
    t.add(m_stats.naks, n + ".naks");
    t.add(m_stats.retries, n + ".replays");
}

} // namespace lumen::serdes
