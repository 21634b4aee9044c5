// SPDX-License-Identifier: Apache-2.0
// What goes wrong on a link direction's lanes: bit errors at the trained
// BER, landing on real bits of the flits they hit; lanes that die (spares
// take their place at training, or the link trains narrower or stays down);
// link-down and link-up faults. A fault that disturbs the active lanes
// corrupts what is on the wire and costs a retraining.
#include "models/core/log.h"
#include "models/core/sim_time.h"
#include "models/serdes/crc32c.h"
#include "models/serdes/link_channel.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lumen::serdes {

using namespace sc_core;

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
    // The flit as it left, header, payload and CRC field, copied once for the
    // transmission: the receiver checks this copy instead of the real bytes.
    auto& bytes = m_corrupted[{transmission, flit}];
    if (bytes.empty()) {
        uint32_t length;
        const unsigned char* data = flit_data(p, flit, length);
        bytes.resize(m_params.flit_header_bytes + length + crc_bytes);
        build_header(p, flit, bytes.data());
        std::memcpy(bytes.data() + m_params.flit_header_bytes, data, length);
        // The CRC field as sent, over the header and payload just copied. It
        // is taken only here: every flit no error touches arrives as sent and
        // passes its check unread. A packet's bytes do not change until the
        // receiver accepts it, and only one not yet accepted is corrupted.
        const uint32_t crc = crc32c(bytes.data(), m_params.flit_header_bytes + length);
        std::memcpy(bytes.data() + m_params.flit_header_bytes + length, &crc, crc_bytes);
    }
    bytes[framed_bit / 8] ^= uint8_t(1u << (framed_bit % 8));
}

void link_channel::train() {
    // Bits are striped evenly over the active lanes: the link's BER is their mean.
    unsigned alive = 0;
    double ber_sum = 0;
    for (size_t i = 0; i < m_lane_alive.size() && alive < m_params.lanes; ++i)
        if (m_lane_alive[i]) {
            ++alive;
            ber_sum += m_lane_ber[i];
        }
    const bool was_down = m_down;
    m_down = m_down || alive < m_params.min_lanes || alive == 0;
    if (m_down && !was_down) m_down_since_ps = now_ps();
    m_lanes_active = m_down ? 0 : alive;
    link_params trained = m_params;
    trained.ber = alive ? ber_sum / alive : 0.0;
    m_ber = trained.effective_ber();
    m_stats.lanes_timeline.emplace_back(now_ps(), m_lanes_active);
}

void link_channel::schedule_fault(const lane_fault& f) {
    const uint64_t now = now_ps();
    m_fault_list.push_back(f);
    const fault_due d{std::max(f.at_ps, now), m_due_order++, m_fault_list.size() - 1};
    auto at = std::upper_bound(
        m_faults_due.begin(), m_faults_due.end(), d.due_ps,
        [](uint64_t due_ps, const fault_due& other) { return due_ps < other.due_ps; });
    m_faults_due.insert(at, d);
    m_next_fault_ps = m_faults_due.front().due_ps;
    notify_next_due(now);
}

void link_channel::lose_in_flight(uint64_t now) {
    // Every packet still on the wire loses the bits of the failed lanes: its
    // first flit arrives with a flipped bit and the receiver's CRC rejects it.
    for (const arrival& a : m_arrivals) {
        if (a.due_ps <= now) continue;
        flip_bit(in_flight(a.seq), a.transmission, 0, 0);
        ++m_stats.corrupted_by_faults;
    }
    m_busy_until_ps = std::min(m_busy_until_ps, now); // the serializer stops
    m_schedule.stop();
}

void link_channel::apply_fault(const lane_fault& f, uint64_t now) {
    const bool was_down = m_down;
    bool disturbs = false;
    if (f.kind == lane_fault::LANE_DOWN) {
        std::vector<unsigned> victims;
        if (f.lane >= 0) {
            if (m_lane_alive[unsigned(f.lane)]) victims.push_back(unsigned(f.lane));
        } else {
            for (unsigned n = 0; n < f.count; ++n) {
                std::vector<unsigned> alive;
                for (unsigned i = 0; i < m_lane_alive.size(); ++i)
                    if (m_lane_alive[i] &&
                        std::find(victims.begin(), victims.end(), i) == victims.end())
                        alive.push_back(i);
                if (alive.empty()) break;
                victims.push_back(alive[m_random.below(alive.size())]);
            }
        }
        // A lane among the active ones takes the traffic down with it
        // until retraining; a dark spare dies unnoticed.
        unsigned rank = 0;
        for (unsigned i = 0; i < m_lane_alive.size() && rank < m_params.lanes; ++i) {
            if (!m_lane_alive[i]) continue;
            if (std::find(victims.begin(), victims.end(), i) != victims.end()) disturbs = true;
            ++rank;
        }
        for (unsigned v : victims) m_lane_alive[v] = 0;
        if (m_log && !victims.empty())
            log_info(*this, "lane{} {} died{}", victims.size() > 1 ? "s" : "",
                     fmt::join(victims, ", "),
                     disturbs ? "" : " (dark spare, traffic undisturbed)");
    } else if (f.kind == lane_fault::LINK_DOWN) {
        disturbs = !m_down;
        if (disturbs) {
            m_down_by_fault = true;
            m_down_since_ps = now;
        }
        m_down = true;
        if (disturbs) log_info(*this, "link down (fault)");
    } else {
        disturbs = m_down;
        m_down = false;
        if (disturbs) log_info(*this, "link up (fault cleared)");
    }
    if (!disturbs) return;
    lose_in_flight(now);
    ++m_stats.retrains;
    m_training = true;
    m_training_until_ps = now + uint64_t(std::llround(m_params.retrain_ns * 1000.0));
    if (f.kind == lane_fault::LINK_DOWN) {
        m_lanes_active = 0;
        m_stats.lanes_timeline.emplace_back(now, 0u);
    } else {
        train();
        log_training("retraining");
    }
    // The end of the training is logged, and sends what waited, on time.
    wake_transmitter_at(m_training_until_ps, now);
    const bool down = m_down;
    if (!down) m_down_by_fault = false;
    if (status_changed && (down != was_down)) status_changed();
}

} // namespace lumen::serdes
