// SPDX-License-Identifier: Apache-2.0
// The receiving end of a link direction: each packet's flits checked against
// their CRC as they arrived, go-back-N (NAK the first bad packet, drop what
// follows until its replay), the receive buffer per virtual channel, and the
// ACKs and credits sent back to the transmitter over the reverse lanes.
#include "models/core/sim_time.h"
#include "models/serdes/crc32c.h"
#include "models/serdes/link_channel.h"

#include <algorithm>
#include <cstring>

namespace lumen::serdes {

using namespace sc_core;

void link_channel::receive(const arrival& a, uint64_t now) {
    const packet& p = in_flight(a.seq);
    // Go-back-N: everything after a rejected packet is dropped until its
    // replay arrives. The receiver's check of each flit: the CRC of the
    // header and payload as they arrived against the CRC field as it
    // arrived. A flit no bit error or fault touched arrives as it was sent,
    // CRC field included (the transmitter computed it over the real bytes),
    // so only the flits that carry flipped bits are computed again.
    const bool in_order = p.seq == m_expected_seq;
    bool good = in_order;
    if (!m_corrupted.empty()) {
        auto it = m_corrupted.lower_bound({a.transmission, 0});
        for (; it != m_corrupted.end() && it->first.first == a.transmission;
             it = m_corrupted.erase(it)) {
            if (!in_order) continue;
            const std::vector<unsigned char>& bytes = it->second;
            const size_t covered = bytes.size() - crc_bytes;
            uint32_t carried;
            std::memcpy(&carried, bytes.data() + covered, crc_bytes);
            if (crc32c(bytes.data(), covered) != carried) {
                ++m_stats.crc_errors;
                good = false;
            }
        }
    }
    if (!good) {
        if (in_order) send_control(control_kind::NAK, p.seq, 0, now);
        send_control(control_kind::CREDIT, p.flits, p.vc, now); // the dropped flits' space
        return;
    }
    ++m_expected_seq;
    send_control(control_kind::ACK, p.seq, 0, now);
    m_rxq[p.vc].emplace_back(p.gp, p.flits);
    m_rx_flits[p.vc] += p.flits;
    if (m_rx_flits[p.vc] > m_params.rx_buffer_flits) ++m_stats.rx_overflows;
    m_stats.max_rx_flits[p.vc] = std::max(m_stats.max_rx_flits[p.vc], m_rx_flits[p.vc]);
    ++m_stats.messages;
    m_stats.payload_bytes += p.data_bytes;
    try_deliver(p.vc, now);
}

const link_channel::packet& link_channel::in_flight(uint64_t seq) const {
    if (m_replay.empty() || seq < m_replay.front().seq ||
        seq - m_replay.front().seq >= m_replay.size())
        SC_REPORT_FATAL(name(), "a packet in flight is missing from the replay buffer");
    return m_replay[seq - m_replay.front().seq];
}

void link_channel::try_deliver(unsigned vc, uint64_t now) {
    while (!m_delivering[vc] && !m_rxq[vc].empty()) {
        m_delivering[vc] = true;
        if (!deliver(*m_rxq[vc].front().first, vc)) return;
        finish_delivery(vc, now);
    }
}

void link_channel::finish_delivery(unsigned vc, uint64_t now) {
    unsigned flits = m_rxq[vc].front().second;
    m_rxq[vc].pop_front();
    m_rx_flits[vc] -= flits;
    m_delivering[vc] = false;
    send_control(control_kind::CREDIT, flits, vc, now);
}

void link_channel::delivered(unsigned vc) {
    const uint64_t now = now_ps();
    finish_delivery(vc, now);
    try_deliver(vc, now);
}

void link_channel::send_control(control_kind kind, uint64_t value, unsigned vc, uint64_t now) {
    const control& c = m_control.emplace_back(control{now + m_flight_ps, value, kind, vc});
    if (kind == control_kind::NAK) {
        // A NAK makes work (a replay) for a transmitter that may have sent
        // everything and gone idle: it keeps a wake until the NAK applies.
        ++m_naks_pending;
        if (m_tx_wake_ps == no_wake) wake_transmitter_at(c.due_ps, now);
    } else if (m_waits_for_control && unblocks(c)) {
        m_waits_for_control = false;
        wake_transmitter_at(std::max({c.due_ps, m_busy_until_ps, m_training_until_ps}), now);
    }
}

} // namespace lumen::serdes
