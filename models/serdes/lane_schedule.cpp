// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/lane_schedule.h"

#include <cmath>

namespace lumen::serdes {

lane_schedule::lane_schedule(const link_params& params)
    : m_line_num(params.line_bits_num())
    , m_line_den(params.line_bits_den())
    , m_ui_ps(params.ui_ps())
    , m_whole_ui_ps(m_ui_ps >= 1 && m_ui_ps < 4294967296.0 && std::floor(m_ui_ps) == m_ui_ps
                        ? uint64_t(m_ui_ps)
                        : 0) {}

uint64_t lane_schedule::edge_ps(uint64_t ui) const {
    // Where a UI is a whole number of picoseconds this product is exact, and
    // the integer one is the same number without the rounding call.
    if (m_whole_ui_ps) return ui * m_whole_ui_ps;
    return uint64_t(std::llround(double(ui) * m_ui_ps));
}

uint64_t lane_schedule::first_edge_at_or_after(uint64_t ps) const {
    if (m_whole_ui_ps) return (ps + m_whole_ui_ps - 1) / m_whole_ui_ps;
    // The division's estimate, then settled against edge_ps() itself: a time
    // that edge_ps() produced maps back to the same edge, whatever the error.
    uint64_t ui = uint64_t(std::ceil(double(ps) / m_ui_ps));
    while (edge_ps(ui) < ps) ++ui;
    while (ui > 0 && edge_ps(ui - 1) >= ps) --ui;
    return ui;
}

lane_schedule::slot lane_schedule::send(uint64_t now_ps, uint64_t framed_bits, unsigned lanes) {
    uint64_t start_ps;
    uint64_t wire_before = 0;
    // The next edge at or after now is the period's end edge or before it
    // exactly when now is at or before that edge's time (edges are monotonic).
    if (m_open && now_ps <= m_end_ps) {
        // Back to back: the bits pack behind the previous message's.
        start_ps = m_end_ps;
        wire_before = m_wire_bits;
    } else {
        // A gap, or the first message: a new busy period on the next edge.
        m_open = true;
        m_start_ui = first_edge_at_or_after(now_ps);
        start_ps = edge_ps(m_start_ui);
        m_data_bits = 0;
    }
    m_data_bits += framed_bits;
    m_wire_bits = link_params::line_bits(m_data_bits, m_line_num, m_line_den);
    m_end_ui = m_start_ui + (m_wire_bits + lanes - 1) / lanes;
    m_end_ps = edge_ps(m_end_ui);
    return slot{start_ps, m_end_ps, m_wire_bits - wire_before};
}

} // namespace lumen::serdes
