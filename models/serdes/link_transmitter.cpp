// SPDX-License-Identifier: Apache-2.0
// The transmitting end of a link direction: transmit queues per virtual
// channel, framing (header and CRC-32C per flit), the replay buffer of
// go-back-N, credits, and the serializer's busy slots. It runs when a
// message comes in, when the lanes come free, for a NAK, and when a control
// symbol it waits for arrives; ACKs and credits otherwise apply when it next
// looks, in their time order.
#include "models/core/log.h"
#include "models/core/sim_time.h"
#include "models/serdes/link_channel.h"

#include <algorithm>
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

// seq (4), vc and command (1), flit index (1), data length (2), address (8).
void header_layout(const tlm::tlm_generic_payload& gp, uint64_t seq64, unsigned vc,
                   uint32_t data_bytes, unsigned flit, unsigned char* h) {
    uint32_t seq = uint32_t(seq64);
    std::memcpy(h, &seq, 4);
    h[4] = uint8_t(vc << 1 | (gp.is_write() ? 1 : 0));
    h[5] = uint8_t(flit);
    uint16_t len = uint16_t(data_bytes);
    std::memcpy(h + 6, &len, 2);
    uint64_t address = gp.get_address();
    std::memcpy(h + 8, &address, 8);
}

} // namespace

void link_channel::accept(tlm::tlm_generic_payload* gp, unsigned vc) {
    m_txq[vc].push_back(gp);
    ++m_txq_messages;
    // An idle transmitter starts now, without a delta cycle; a busy one
    // learns that it has something to send when its slot ends.
    try_transmit(now_ps());
}

void link_channel::try_transmit(uint64_t now) {
    // transmit() calls out through space_freed, which may bring us back here
    // through accept(): once at a time, again if asked meanwhile.
    if (m_in_transmit) {
        m_transmit_again = true;
        return;
    }
    m_in_transmit = true;
    do {
        m_transmit_again = false;
        transmit(now);
    } while (m_transmit_again);
    m_in_transmit = false;
    // A wake asked for while an earlier one was pending was dropped (the
    // earlier one looks again): going idle now must not forget a NAK still on
    // its way, which makes a replay.
    if (m_tx_wake_ps != no_wake || !m_naks_pending) return;
    for (const control& c : m_control)
        if (c.kind == control_kind::NAK) {
            wake_transmitter_at(c.due_ps, now);
            break;
        }
}

void link_channel::wake_transmitter_at(uint64_t due_ps, uint64_t now) {
    if (m_tx_wake_ps <= due_ps) return; // it wakes then anyway, and looks again
    m_tx_wake_ps = due_ps;
    if (!m_in_on_due) m_due_wake.notify_at(due_ps, now);
}

bool link_channel::can_send() const {
    if (m_resend_index < m_replay.size()) {
        const packet& p = m_replay[m_resend_index];
        return m_credits[p.vc] >= p.flits;
    }
    for (unsigned vc = 0; vc < VC_COUNT; ++vc) {
        if (m_txq[vc].empty()) continue;
        unsigned flits = m_params.flits(message_data_bytes(*m_txq[vc].front(), vc));
        if (m_credits[vc] >= flits && m_replay_flits + flits <= m_params.replay_buffer_flits)
            return true;
    }
    return false;
}

bool link_channel::unblocks(const control& c) const {
    switch (c.kind) {
    case control_kind::NAK:
        return true; // a replay from the buffer's head may go where new packets could not
    case control_kind::ACK:
        return m_needs_room;
    case control_kind::CREDIT:
        return m_needs_credit[c.vc];
    }
    return true;
}

void link_channel::wait_for_control(uint64_t free_ps, uint64_t now) {
    // What each blocked candidate lacks: credits on its virtual channel, or
    // room in the replay buffer. Only a symbol that brings it (or a NAK,
    // which changes the candidate) wakes the transmitter.
    m_needs_credit[VC_REQUEST] = m_needs_credit[VC_RESPONSE] = false;
    m_needs_room = false;
    if (m_resend_index < m_replay.size()) {
        m_needs_credit[m_replay[m_resend_index].vc] = true;
    } else {
        for (unsigned vc = 0; vc < VC_COUNT; ++vc) {
            if (m_txq[vc].empty()) continue;
            unsigned flits = m_params.flits(message_data_bytes(*m_txq[vc].front(), vc));
            if (m_credits[vc] < flits) m_needs_credit[vc] = true;
            if (m_replay_flits + flits > m_params.replay_buffer_flits) m_needs_room = true;
        }
    }
    const control* first = nullptr;
    for (const control& c : m_control)
        if (unblocks(c)) {
            first = &c;
            break;
        }
    // A stall from the moment the lanes are free, unless a symbol may end it
    // by then (the transmitter looks again at that moment and counts it then).
    if (!first || first->due_ps > free_ps) {
        if (!m_stalled) ++m_stats.credit_stalls;
        m_stalled = true;
    }
    if (first)
        wake_transmitter_at(std::max(first->due_ps, free_ps), now);
    else
        m_waits_for_control = true; // send_control() wakes us for the first that helps
}

void link_channel::plan_wake(uint64_t now) {
    // Lanes busy or training until `free`: the transmitter looks again then
    // (what it sends next, busy going low, the end of a training logged on
    // time), and if no packet can go then, it waits for the symbol that lets
    // one go. The wake does not depend on a trace or the log: neither may
    // change the kernel's events, whose same-time order is the run's.
    const uint64_t free = std::max(m_busy_until_ps, m_training_until_ps);
    wake_transmitter_at(free, now);
}

void link_channel::transmit(uint64_t now) {
    apply_due_controls(now);
    m_waits_for_control = false;
    if (now < m_busy_until_ps || now < m_training_until_ps) {
        plan_wake(now);
        return;
    }
    m_busy = false;
    if (m_down) return; // a LINK_UP fault wakes us
    if (m_training) {
        m_training = false;
        log_info(*this, "link up: retrained to {} lanes", m_lanes_active);
    }
    if (!has_work()) return; // an ingress wakes us

    int freed_vc = -1; // a full transmit queue that now has room
    packet* p = take_packet(freed_vc);
    if (!p) {
        wait_for_control(now, now);
        return;
    }
    m_stalled = false;
    ++m_resend_index;
    if (p->seq < m_sent_seq_end)
        ++m_stats.retries;
    else
        m_sent_seq_end = p->seq + 1;
    m_credits[p->vc] -= p->flits;

    // Start on the next unit-interval edge; a packet that follows the previous
    // one without a gap continues its busy period, so bits pack across flits.
    // Its framed size from the flits it holds (no division again).
    const uint64_t framed_bits = m_params.framed_bytes_of_flits(p->flits, p->data_bytes) * 8;
    lane_schedule::slot slot = m_schedule.send(now, framed_bits, m_lanes_active);
    const uint64_t end = slot.end_ps;
    m_stats.flits_sent += p->flits;
    m_stats.wire_bits += slot.wire_bits;
    m_stats.busy_ps += end - slot.start_ps;
    m_busy_until_ps = end;
    m_busy = true;

    uint64_t transmission = m_transmissions++;
    if (m_ber > 0) inject_errors(*p, slot.wire_bits, transmission);
    plan_wake(now); // first: its wake comes before the arrival, one kernel call for both
    push_arrival(arrival{end + m_flight_ps, m_due_order++, p->seq, transmission});
    if (!m_in_on_due) notify_next_due(now);
    // Last, as it calls out of the link and may come back in through accept().
    if (freed_vc >= 0 && space_freed) space_freed(unsigned(freed_vc));
}

link_channel::packet* link_channel::take_packet(int& freed_vc) {
    // A replay first (go-back-N), then new messages round robin between the
    // virtual channels, each when its credits and the replay buffer allow.
    if (m_resend_index < m_replay.size()) {
        packet* p = &m_replay[m_resend_index];
        return m_credits[p->vc] < p->flits ? nullptr : p;
    }
    for (unsigned i = 0; i < VC_COUNT; ++i) {
        unsigned vc = (m_next_vc + i) % VC_COUNT;
        if (m_txq[vc].empty()) continue;
        tlm::tlm_generic_payload* gp = m_txq[vc].front();
        uint32_t data = message_data_bytes(*gp, vc);
        unsigned flits = m_params.flits(data);
        if (m_credits[vc] < flits || m_replay_flits + flits > m_params.replay_buffer_flits)
            continue;
        m_txq[vc].pop_front();
        --m_txq_messages;
        packet& p = m_replay.emplace_back();
        p.seq = m_next_seq++;
        p.gp = gp;
        p.vc = vc;
        p.flits = flits;
        p.data_bytes = data;
        m_replay_flits += flits;
        m_stats.max_replay_flits = std::max(m_stats.max_replay_flits, m_replay_flits);
        m_next_vc = (vc + 1) % VC_COUNT;
        if (m_txq[vc].size() + 1 == m_params.tx_queue_messages) freed_vc = int(vc);
        return &p;
    }
    return nullptr;
}

void link_channel::apply_control(const control& c) {
    switch (c.kind) {
    case control_kind::ACK:
        while (!m_replay.empty() && m_replay.front().seq <= c.value) {
            m_replay_flits -= m_replay.front().flits;
            m_replay.pop_front();
            --m_resend_index;
        }
        if (m_nak_storm) log_storm_over(c.due_ps);
        break;
    case control_kind::NAK:
        // Go back to the rejected packet: the ACKs before it came first.
        ++m_stats.naks;
        --m_naks_pending;
        if (m_log) log_nak(c.due_ps);
        m_resend_index = 0;
        if (m_replay.empty() || m_replay.front().seq != c.value)
            SC_REPORT_ERROR(name(), "NAK for a packet not at the head of the replay buffer");
        break;
    case control_kind::CREDIT:
        m_credits[c.vc] += unsigned(c.value);
        break;
    }
}

void link_channel::build_header(const packet& p, unsigned flit, unsigned char* out) const {
    // The layout, zero-padded or cut to link.flit_header_bytes.
    unsigned char h[header_layout_bytes];
    header_layout(*p.gp, p.seq, p.vc, p.data_bytes, flit, h);
    const unsigned n = m_params.flit_header_bytes;
    std::memcpy(out, h, std::min(n, header_layout_bytes));
    if (n > header_layout_bytes) std::memset(out + header_layout_bytes, 0, n - header_layout_bytes);
}

const unsigned char* link_channel::flit_data(const packet& p, unsigned flit,
                                             uint32_t& length) const {
    uint32_t offset = flit * m_params.flit_payload_bytes;
    length =
        offset >= p.data_bytes ? 0 : std::min(m_params.flit_payload_bytes, p.data_bytes - offset);
    return p.gp->get_data_ptr() + offset;
}

} // namespace lumen::serdes
