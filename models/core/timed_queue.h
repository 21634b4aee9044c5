// SPDX-License-Identifier: Apache-2.0
// Items that become due at a future simulation time, with one wake on the
// platform's calendar at the earliest due time. It plays the role of
// tlm_utils::peq_with_get on a FIFO and a radix heap instead of a multimap:
// one wake per due time, not per item, and no allocation per item once they
// have grown. Items due at the same picosecond come out in push order.
#pragma once

#include "models/core/calendar.h"
#include "models/core/radix_heap.h"
#include "models/core/ring.h"
#include "models/core/sim_time.h"

#include <systemc>

#include <algorithm>
#include <cstdint>

namespace lumen {

template <typename T> class timed_queue {
public:
    // The owner's method that takes what is due; once, before the first push.
    template <auto Method, typename Owner> void bind(Owner* owner) { m_wake.bind<Method>(owner); }

    // Due `delay` from now.
    void push(const T& item, const sc_core::sc_time& delay) {
        uint64_t now = now_ps();
        push_at(item, now + uint64_t(delay.value()), now);
    }
    // Due at `due_ps`, no earlier than `now_ps`, the current time: for a
    // caller that already holds the time (the kernel's clock is a call away).
    void push_at(const T& item, uint64_t due_ps, uint64_t now_ps) {
        push_quiet(item, due_ps);
        m_wake.notify_at(next_due(), now_ps);
    }

    // The next item due now or earlier; false when none is.
    bool pop_due(T& out) { return pop_due(out, now_ps()); }
    bool pop_due(T& out, uint64_t now_ps) {
        if (take_due(out, now_ps)) return true;
        m_wake.notify_at(next_due(), now_ps);
        return false;
    }

    // For an owner that keeps a wake of its own on the same wake (one
    // serves both) and asks the calendar once per firing:
    // take_due() pops like pop_due() and push_quiet() pushes like push_at(),
    // both leaving the wake alone, and arm() then sets it once, for the
    // earliest of the next item and the owner's wake. notify_at() adds a
    // wake between firings.
    void push_quiet(const T& item, uint64_t due_ps) {
        const slot s{due_ps, m_order++, item};
        if (m_sorted.empty() || m_sorted.back().due <= due_ps) {
            m_sorted.push_back(s);
        } else {
            m_heap.push(s);
        }
    }
    bool take_due(T& out, uint64_t now_ps) {
        if (from_sorted()) {
            if (m_sorted.front().due > now_ps) return false;
            out = m_sorted.front().item;
            m_sorted.pop_front();
            return true;
        }
        if (m_heap.empty() || m_heap.front().due > now_ps) return false;
        out = m_heap.take_front().item;
        return true;
    }
    void arm(uint64_t wake_ps, uint64_t now_ps) {
        m_wake.notify_at(std::min(wake_ps, next_due()), now_ps);
    }
    void notify_at(uint64_t due_ps, uint64_t now_ps) { m_wake.notify_at(due_ps, now_ps); }
    static constexpr uint64_t no_wake = calendar::never;

    bool empty() const { return m_sorted.empty() && m_heap.empty(); }

private:
    struct slot {
        uint64_t due;
        uint64_t order;
        T item;
        bool operator>(const slot& o) const { return due != o.due ? due > o.due : order > o.order; }
    };
    // The earliest (due, order) is the sorted run's front, not the heap's.
    bool from_sorted() {
        return !m_sorted.empty() && (m_heap.empty() || m_heap.front() > m_sorted.front());
    }
    uint64_t next_due() {
        if (empty()) return no_wake;
        return from_sorted() ? m_sorted.front().due : m_heap.front().due;
    }

    wake m_wake; // pending at the earliest due time while items wait
    // Most items fall due in the order they are pushed (a fixed pipeline or
    // flight time): those wait in a FIFO, each due no earlier than the one
    // before it, and cost no heap push or pop. The rest go to a radix heap
    // (its times only rise: an item is pushed due no earlier than now); the
    // two together give items in (due, order), push order breaking ties.
    ring<slot> m_sorted;
    radix_heap<slot> m_heap;
    uint64_t m_order = 0;
};

} // namespace lumen
