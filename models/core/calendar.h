// SPDX-License-Identifier: Apache-2.0
// The platform's one timeline of model wakes. Every model on a message's
// path asks to be woken at a time through a `wake`; the calendar runs all of
// them in (time, order) behind a single kernel event and a single method
// process. Without it each wake was a kernel timed notification, an
// entry in the kernel's timed-event heap and a process activation of its own:
// about a quarter of a write's instructions, and cache lines of the kernel's
// per-process objects that grow cold as the cluster grows.
//
// Order: wakes due at the same picosecond run in the order they were asked
// for. A wake asked for "now" while the calendar runs comes after every wake
// already due now, which is what a delta cycle gave (breadth first), but the
// model, not the kernel's unstable heap, breaks every tie: adding or removing
// a wake elsewhere does not reorder the others.
//
// A wake asked for while one is pending at an earlier or equal time changes
// nothing (the earlier one wins, as for an sc_event); asked for earlier, it
// replaces the pending one, which is then skipped when it falls due.
//
// Running ahead: each time step costs the kernel about 500 instructions of
// its own (its timed-event heap, its phases), and a message's path takes
// three or four time steps of its own. So when the runner allows it, the
// calendar goes on from one time to the next by itself, within one kernel
// step, for as long as the kernel has nothing else to do first: it stops
// before the kernel's next event of any other process (a host's poll, a
// workload engine's event), before the end of the runner's sc_start, and
// after a time at which a model asked for a kernel event. The order of every
// wake and kernel process is the one the kernel would have given; only the
// kernel's own steps between wakes are gone. Models read the time with
// now_ps() (models/core/sim_time.h), the calendar's while it runs ahead, and
// notify kernel events with notify_kernel(), which times them from it. A VCD
// trace samples at the kernel's steps, so a tracer keeps the calendar on the
// kernel's time.
#pragma once

#include "models/core/radix_heap.h"
#include "models/core/ring.h"
#include "models/core/sim_time.h"

#include <systemc>

#include <cstdint>

namespace lumen {

class wake;

class calendar {
public:
    // The running simulation's calendar, made on first use (during
    // elaboration: its process then runs once at the start of simulation).
    static calendar& current();

    static constexpr uint64_t never = ~uint64_t(0);

    // Wakes due before `until_ps` may run ahead of the kernel's time (the
    // runner's sc_start ends there); 0 keeps every wake on the kernel's time.
    void run_ahead_until(uint64_t until_ps) { m_ahead_until = until_ps; }
    // Keeps every wake on the kernel's time from now on (a VCD trace).
    void follow_kernel() { m_follow_kernel = true; }
    // Notifies kernel event `e` `delay_ps` after the current time, which is
    // the calendar's while it runs ahead, and stops it running ahead past then.
    void notify_kernel(sc_core::sc_event& e, uint64_t delay_ps);
    // The kernel's runs of the calendar, one per time step it took part in.
    uint64_t kernel_steps() const { return m_kernel_steps; }
    // Wakes asked for so far (each notify_at() that changed a wake).
    uint64_t wakes_asked() const { return m_order; }

private:
    friend class wake;
    calendar();
    uint64_t push(wake& w, uint64_t due_ps, uint64_t now_ps);
    void run(); // the method process: everything due now, in order, then ahead
    void run_due(uint64_t now_ps);
    uint64_t run_ahead(uint64_t now_ps); // returns the time it got to
    void arm(uint64_t now_ps);           // the kernel event, for the earliest live wake
    void set_event(uint64_t due_ps);

    struct entry {
        uint64_t due;
        uint64_t order;
        wake* w;
    };
    void call(const entry& e);
    static bool live(const entry& e); // not replaced by an earlier wake, nor cancelled

    // Wakes asked for a later time, taken in (due, order).
    // In 4-bit digits: with thousands of wakes pending, a wake moves down a
    // bucket at most once per 4 bits of its distance from the floor.
    radix_heap<entry, 4> m_later;
    // Wakes asked for the time they were asked at, in order: after the
    // later wakes due now, which were all asked for before it (a third of
    // all wakes).
    ring<entry, 64> m_now;
    uint64_t m_order = 0;
    uint64_t m_armed_ps = never; // the kernel event's pending time
    bool m_arm_at_end = false;   // run() sets the event once, at its end (or at its first run)
    uint64_t m_ahead_until = 0;  // the runner's bound on running ahead, exclusive
    uint64_t m_horizon = 0;      // while running ahead: the first time it must not reach
    bool m_follow_kernel = false;
    uint64_t m_kernel_steps = 0;
    sc_core::sc_event m_event;
};

// One model's wake: calls its owner's method when it falls due.
class wake {
public:
    wake()
        : m_calendar(&calendar::current()) {}
    wake(const wake&) = delete;
    wake& operator=(const wake&) = delete;

    // The owner's method to call; once, before the first notify_at().
    template <auto Method, typename Owner> void bind(Owner* owner) {
        m_owner = owner;
        m_call = [](void* o) { (static_cast<Owner*>(o)->*Method)(); };
    }

    // Wakes the owner at `due_ps`, no earlier than `now_ps`, the current
    // time; `calendar::never` asks for nothing.
    void notify_at(uint64_t due_ps, uint64_t now_ps) {
        if (m_due <= due_ps) return;
        m_due = due_ps;
        m_order = m_calendar->push(*this, due_ps, now_ps);
    }
    // A delay from now; zero is later at this time, after what is due now.
    void notify(const sc_core::sc_time& delay) {
        const uint64_t now = now_ps();
        notify_at(now + uint64_t(delay.value()), now);
    }

    // The pending wake, if any, does not happen.
    void cancel() {
        m_due = calendar::never;
        m_order = calendar::never; // no entry has it
    }

    bool pending() const { return m_due != calendar::never; }

private:
    friend class calendar;
    calendar* m_calendar;
    void (*m_call)(void*) = nullptr;
    void* m_owner = nullptr;
    uint64_t m_due = calendar::never; // of the live entry, never when none is
    uint64_t m_order = 0;             // of the live entry; older entries are skipped
};

} // namespace lumen
