// SPDX-License-Identifier: Apache-2.0
// lane_schedule: the transmitter's serializer clock. Messages go out in busy
// periods: a period starts on a unit-interval edge, and every message that
// follows without a gap packs its bits behind the previous one's, so a period
// lasts ceil(wire bits / lanes) UIs. Time inside a period is counted in whole
// UIs and framed bits from its start; a UI edge becomes picoseconds only at
// the boundaries, always through edge_ps(), so that the end of one message
// and the start of the next are the same edge even where a UI is not a whole
// number of picoseconds (3.5 Gb/s: 285.714 ps). Plain C++: no kernel needed.
#pragma once

#include "models/serdes/link_params.h"

#include <cstdint>

namespace lumen::serdes {

class lane_schedule {
public:
    explicit lane_schedule(const link_params& params);

    struct slot {
        uint64_t start_ps; // serialization starts (a UI edge)
        uint64_t end_ps;   // the message's last wire bit is out (a UI edge)
        uint64_t wire_bits;
    };
    // A message of `framed_bits` handed to the serializer at `now_ps`, no
    // earlier than the previous slot's end, over `lanes` lanes (constant
    // within a busy period: retraining stops the serializer first).
    slot send(uint64_t now_ps, uint64_t framed_bits, unsigned lanes);
    // The serializer stops (lanes failed): the next message opens a new period.
    void stop() { m_open = false; }

    // Time of UI edge `ui`, counted from time zero, rounded to the picosecond.
    uint64_t edge_ps(uint64_t ui) const;
    // The first UI edge at or after `ps`, by the same rounding as edge_ps().
    uint64_t first_edge_at_or_after(uint64_t ps) const;

private:
    // Wire bits per framed bit (line code and FEC), as link_params::line_bits
    // takes them: the ratio, not a copy of the link's parameters, so the
    // serializer's state stays in two cache lines of its link direction.
    uint64_t m_line_num, m_line_den;
    double m_ui_ps;
    uint64_t m_whole_ui_ps;   // the UI where it is a whole number of picoseconds, else 0
    bool m_open = false;      // a busy period has run and not been stopped
    uint64_t m_start_ui = 0;  // edge the current period started on
    uint64_t m_end_ui = 0;    // edge its last message ends on
    uint64_t m_end_ps = 0;    // edge_ps(m_end_ui)
    uint64_t m_data_bits = 0; // framed bits sent in it so far
    uint64_t m_wire_bits = 0; // their wire bits, line_bits(m_data_bits)
};

} // namespace lumen::serdes
