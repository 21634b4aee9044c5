// SPDX-License-Identifier: Apache-2.0
// A link direction's lanes: training (which lanes carry data and the BER the
// link layer sees), and the lane and link faults that change them at run
// time. What is on the wire when lanes fail arrives corrupted, so the replay
// protocol, not this file, decides what is sent again.
#include "models/core/log.h"
#include "models/serdes/link_channel.h"

#include <algorithm>
#include <cmath>

namespace lumen::serdes {

using namespace sc_core;

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
    if (m_down && !was_down) m_down_since_ps = sc_time_stamp().value();
    m_lanes_active = m_down ? 0 : alive;
    link_params trained = m_params;
    trained.ber = alive ? ber_sum / alive : 0.0;
    m_ber = trained.effective_ber();
    m_stats.lanes_timeline.emplace_back(sc_time_stamp().value(), m_lanes_active);
}

void link_channel::schedule_fault(const lane_fault& f) {
    m_faults.push(f, sc_time::from_value(f.at_ps));
}

void link_channel::lose_in_flight() {
    // Every packet still on the wire loses the bits of the failed lanes: its
    // first flit arrives with a flipped bit and the receiver's CRC rejects it.
    uint64_t now = sc_time_stamp().value();
    for (const auto& w : m_on_wire) {
        if (w.arrival_ps <= now) continue;
        flip_bit(in_flight(w.seq), w.transmission, 0, 0);
        ++m_stats.corrupted_by_faults;
    }
    m_busy_until_ps = std::min(m_busy_until_ps, now); // the serializer stops
    m_schedule.stop();
}

void link_channel::apply_faults() {
    lane_fault f;
    uint64_t now = sc_time_stamp().value();
    while (m_faults.pop_due(f)) {
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
        if (!disturbs) continue;
        lose_in_flight();
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
        m_tx_wake.notify_at(m_training_until_ps, now);
        const bool down = m_down;
        if (!down) m_down_by_fault = false;
        if (status_changed && (down != was_down)) status_changed();
    }
}

} // namespace lumen::serdes
