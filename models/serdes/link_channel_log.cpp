// SPDX-License-Identifier: Apache-2.0
// What a link direction says under --verbose: training, lane deaths, link
// up and down, and NAK storms, one line each (models/core/log.h). Kept apart
// from the data path: nothing here runs when the log is off.
#include "models/core/log.h"
#include "models/core/sim_time.h"
#include "models/serdes/link_channel.h"

#include <algorithm>

namespace lumen::serdes {

using namespace sc_core;

void link_channel::log_training(const char* what) const {
    if (!m_log) return;
    if (m_down) {
        log_info(*this, "link down: {} lanes alive, fewer than link.min_lanes = {}",
                 std::count(m_lane_alive.begin(), m_lane_alive.end(), uint8_t(1)),
                 std::max(1u, m_params.min_lanes));
        return;
    }
    const auto alive = unsigned(std::count(m_lane_alive.begin(), m_lane_alive.end(), uint8_t(1)));
    const uint64_t busy_ns = (m_training_until_ps - now_ps()) / 1000;
    log_info(*this, "{}: {} of {} lanes active, {} spare{} left, {:g} Gb/s per lane, BER {:.3g}{}",
             what, m_lanes_active, m_params.lanes, alive - m_lanes_active,
             alive - m_lanes_active == 1 ? "" : "s", m_params.lane_rate_gbps, m_ber,
             m_training ? fmt::format(", for {} ns", busy_ns) : std::string());
}

void link_channel::log_nak(uint64_t now) {
    // A storm: nak_storm_naks NAKs within nak_storm_window_ps.
    m_nak_ps[m_nak_count % nak_storm_naks] = now;
    ++m_nak_count;
    if (m_nak_storm || m_nak_count < nak_storm_naks) return;
    const uint64_t oldest = m_nak_ps[m_nak_count % nak_storm_naks];
    if (now - oldest > nak_storm_window_ps) return;
    m_nak_storm = true;
    m_storm_start_ps = oldest;
    m_storm_first_nak = m_nak_count - nak_storm_naks;
    log_info(*this, "NAK storm: {} NAKs in {:.3f} us (BER {:.3g} on {} lanes)", nak_storm_naks,
             double(now - oldest) * 1e-6, m_ber, m_lanes_active);
}

void link_channel::log_storm_over(uint64_t now) {
    // It ends when an ACK comes a whole window after the last NAK.
    const uint64_t last = m_nak_ps[(m_nak_count - 1) % nak_storm_naks];
    if (now - last <= nak_storm_window_ps) return;
    m_nak_storm = false;
    log_info(*this, "NAK storm over: {} NAKs in {:.3f} us", m_nak_count - m_storm_first_nak,
             double(last - m_storm_start_ps) * 1e-6);
}

} // namespace lumen::serdes
