// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/lane_schedule.h"

#include <cmath>

namespace lumen::serdes {

lane_schedule::lane_schedule(const link_params& params)
    : m_params(params)
    , m_ui_ps(params.ui_ps()) {}

uint64_t lane_schedule::edge_ps(uint64_t ui) const {
    // Where a UI is a whole number of picoseconds this product is exact.
    return uint64_t(std::llround(double(ui) * m_ui_ps));
}

uint64_t lane_schedule::first_edge_at_or_after(uint64_t ps) const {
    // The division's estimate, then settled against edge_ps() itself: a time
    // that edge_ps() produced maps back to the same edge, whatever the error.
    uint64_t ui = uint64_t(std::ceil(double(ps) / m_ui_ps));
    while (edge_ps(ui) < ps) ++ui;
    while (ui > 0 && edge_ps(ui - 1) >= ps) --ui;
    return ui;
}

lane_schedule::slot lane_schedule::send(uint64_t now_ps, uint64_t framed_bits, unsigned lanes) {
    uint64_t start_ui = first_edge_at_or_after(now_ps);
    uint64_t wire_before = 0;
    if (!m_open || start_ui > m_end_ui) {
        // A gap, or the first message: a new busy period on the next edge.
        m_open = true;
        m_start_ui = start_ui;
        m_data_bits = 0;
    } else {
        // Back to back: the bits pack behind the previous message's.
        start_ui = m_end_ui;
        wire_before = m_params.line_bits(m_data_bits);
    }
    m_data_bits += framed_bits;
    uint64_t wire_after = m_params.line_bits(m_data_bits);
    m_end_ui = m_start_ui + (wire_after + lanes - 1) / lanes;
    return slot{edge_ps(start_ui), edge_ps(m_end_ui), wire_after - wire_before};
}

} // namespace lumen::serdes
