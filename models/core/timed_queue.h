// SPDX-License-Identifier: Apache-2.0
// Items that become due at a future simulation time, with one sc_event that
// fires at the earliest due time. It plays the role of tlm_utils::peq_with_get
// on a binary heap instead of a multimap: one kernel event per due time, not
// per item, and no allocation per item once the heap has grown.
#pragma once

#include "models/core/wake_event.h"

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
        m_event.notify_at(m_heap.top().due, now);
    }

    // The next item due now or earlier; false when none is.
    bool pop_due(T& out) {
        uint64_t now = now_ps();
        if (m_heap.empty() || m_heap.top().due > now) {
            if (!m_heap.empty()) m_event.notify_at(m_heap.top().due, now);
            return false;
        }
        out = m_heap.top().item;
        m_heap.pop();
        return true;
    }

    const sc_core::sc_event& event() const { return m_event.event(); }
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

    wake_event m_event; // pending at the earliest due time while items wait
    std::priority_queue<slot, std::vector<slot>, std::greater<slot>> m_heap;
    uint64_t m_order = 0;
};

} // namespace lumen
