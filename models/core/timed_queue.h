// SPDX-License-Identifier: Apache-2.0
// Items that become due at a future simulation time, with one sc_event that
// fires at the earliest due time. It plays the role of tlm_utils::peq_with_get
// on a binary heap instead of a multimap: one kernel event per due time, not
// per item, and no allocation per item once the heap has grown.
#pragma once

#include <systemc>

#include <cstdint>
#include <queue>
#include <vector>

namespace lumen {

template <typename T> class timed_queue {
public:
    explicit timed_queue(const char* event_name)
        : m_event(event_name) {}

    // Due `delay` from now. Items due at the same time come out in push order.
    void push(const T& item, const sc_core::sc_time& delay) {
        uint64_t now = now_ps();
        m_heap.push(slot{now + uint64_t(delay.value()), m_order++, item});
        wake_at(m_heap.top().due, now);
    }

    // The next item due now or earlier; false when none is.
    bool pop_due(T& out) {
        uint64_t now = now_ps();
        if (m_heap.empty() || m_heap.top().due > now) {
            if (!m_heap.empty()) wake_at(m_heap.top().due, now);
            return false;
        }
        out = m_heap.top().item;
        m_heap.pop();
        return true;
    }

    const sc_core::sc_event& event() const { return m_event; }
    bool empty() const { return m_heap.empty(); }
    size_t size() const { return m_heap.size(); }

private:
    struct slot {
        uint64_t due;
        uint64_t order;
        T item;
        bool operator>(const slot& o) const { return due != o.due ? due > o.due : order > o.order; }
    };
    static uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }

    // Notifies the event for `due`, skipping the calls the kernel would
    // ignore (IEEE 1666: a pending notification that is earlier, or a delta
    // one, wins), so the kernel sees the same notifications as if every call
    // were made, in the same order, at a fraction of the cost. A timed
    // notification has fired once its time is now; a delta one once the
    // delta cycle it was made in has ended.
    void wake_at(uint64_t due, uint64_t now) {
        if (m_pending == pending::DELTA && m_pending_delta == sc_core::sc_delta_count()) return;
        if (m_pending == pending::TIMED && m_pending_ps > now && m_pending_ps <= due) return;
        m_event.notify(sc_core::sc_time::from_value(due - now));
        if (due == now) {
            m_pending = pending::DELTA;
            m_pending_delta = sc_core::sc_delta_count();
        } else {
            m_pending = pending::TIMED;
            m_pending_ps = due;
        }
    }

    sc_core::sc_event m_event;
    std::priority_queue<slot, std::vector<slot>, std::greater<slot>> m_heap;
    uint64_t m_order = 0;
    enum class pending { NONE, DELTA, TIMED } m_pending = pending::NONE; // last notification made
    uint64_t m_pending_ps = 0, m_pending_delta = 0;
};

} // namespace lumen
