// SPDX-License-Identifier: Apache-2.0
// An sc_event for a process that asks to be woken at a time, often again
// before it wakes. It calls the kernel only when the call would change the
// pending notification (IEEE 1666: an earlier one, or a delta one, wins), so
// the kernel sees the same notifications in the same order as if every call
// were made, and same-time processes keep their order, at a fraction of the
// cost. A timed notification has fired once its time is now; a delta one
// once the delta cycle it was made in has ended.
#pragma once

#include <systemc>

#include <cstdint>

namespace lumen {

class wake_event {
public:
    wake_event() = default;
    explicit wake_event(const char* name)
        : m_event(name) {}

    // Wakes the sensitive processes at `due_ps` (at least `now_ps`, the
    // current time): a delta cycle from now when they are equal.
    void notify_at(uint64_t due_ps, uint64_t now_ps) {
        if (m_pending == pending::DELTA && m_pending_delta == sc_core::sc_delta_count()) return;
        if (m_pending == pending::TIMED && m_pending_ps > now_ps && m_pending_ps <= due_ps) return;
        m_event.notify(sc_core::sc_time::from_value(due_ps - now_ps));
        if (due_ps == now_ps) {
            m_pending = pending::DELTA;
            m_pending_delta = sc_core::sc_delta_count();
        } else {
            m_pending = pending::TIMED;
            m_pending_ps = due_ps;
        }
    }

    const sc_core::sc_event& event() const { return m_event; }

private:
    sc_core::sc_event m_event;
    enum class pending { NONE, DELTA, TIMED } m_pending = pending::NONE; // last call made
    uint64_t m_pending_ps = 0, m_pending_delta = 0;
};

} // namespace lumen
