// SPDX-License-Identifier: Apache-2.0
#include "models/core/calendar.h"

// sc_spawn without SC_INCLUDE_DYNAMIC_PROCESSES for every source (and for
// the precompiled SystemC header they share).
#include <sysc/kernel/sc_spawn.h>

#include <algorithm>
#include <stdexcept>

namespace lumen {

calendar& calendar::current() {
    // One simulation per process (SystemC 2.3 cannot restart one). Never
    // destroyed: its kernel event must outlive every model, and the kernel
    // itself is not torn down at exit.
    static calendar* const the = new calendar;
    return *the;
}

calendar::calendar() {
    sc_core::sc_spawn_options options;
    options.spawn_method();
    options.set_sensitivity(&m_event);
    // Not dont_initialize(): the first run, at the start of simulation,
    // takes the wakes asked for during elaboration, when the kernel takes no
    // notification.
    m_arm_at_end = !sc_core::sc_is_running();
    sc_core::sc_spawn([this] { run(); }, sc_core::sc_gen_unique_name("lumen_calendar"), &options);
}

uint64_t calendar::push(wake& w, uint64_t due_ps, uint64_t now_ps) {
    if (due_ps == now_ps) {
        m_now.push_back(entry{due_ps, m_order, &w});
    } else {
        m_later.push(entry{due_ps, m_order, &w});
    }
    if (!m_arm_at_end && due_ps < m_armed_ps) set_event(due_ps);
    return m_order++;
}

void calendar::set_event(uint64_t due_ps) {
    m_event.notify(sc_core::sc_time::from_value(due_ps - kernel_ps()));
    m_armed_ps = due_ps;
}

void calendar::notify_kernel(sc_core::sc_event& e, uint64_t delay_ps) {
    const uint64_t at = now_ps() + delay_ps;
    // Zero from the kernel's time is a delta notification, as before.
    e.notify(sc_core::sc_time::from_value(at - kernel_ps()));
    m_horizon = std::min(m_horizon, at);
}

void calendar::run() {
    uint64_t now = now_ps(); // the kernel's: it has caught up with any run ahead
    ++m_kernel_steps;
    m_arm_at_end = true;
    m_armed_ps = never;
    run_due(now);
    if (!m_follow_kernel && now + 1 < m_ahead_until) now = run_ahead(now);
    m_arm_at_end = false;
    arm(now);
}

void calendar::run_due(uint64_t now) {
    while (!m_later.empty() && m_later.front().due <= now) call(m_later.take_front());
    while (!m_now.empty()) {
        const entry e = m_now.front();
        m_now.pop_front();
        call(e);
    }
}

uint64_t calendar::run_ahead(uint64_t now) {
    // No further than the kernel's next activity of another process: now,
    // if one is runnable or a delta notification pending, else its next
    // timed event.
    const uint64_t kernel = now;
    m_horizon =
        std::min(m_ahead_until, kernel + uint64_t(sc_core::sc_time_to_pending_activity().value()));
    for (;;) {
        m_later.drop_front_while([](const entry& e) { return !live(e); });
        if (m_later.empty() || m_later.front().due >= m_horizon) break;
        now = m_later.front().due;
        detail::calendar_ahead_ps = now;
        run_due(now);
    }
    m_horizon = 0;
    // A kernel event notified directly, not through notify_kernel(), would
    // have been timed from the kernel's time, not the calendar's.
    if (now != kernel && sc_core::sc_pending_activity_at_current_time())
        throw std::logic_error("calendar: a model notified a kernel event while the calendar "
                               "ran ahead of the kernel; models notify through "
                               "calendar::notify_kernel()");
    return now;
}

bool calendar::live(const entry& e) {
    return e.w->m_order == e.order;
}

void calendar::call(const entry& e) {
    if (!live(e)) return;
    wake& w = *e.w;
    w.m_due = never;
    w.m_call(w.m_owner);
}

void calendar::arm(uint64_t now_ps) {
    m_later.drop_front_while([](const entry& e) { return !live(e); });
    if (!m_later.empty())
        set_event(m_later.front().due);
    else if (now_ps > kernel_ps())
        set_event(now_ps); // the kernel's time catches up with the last wake
}

} // namespace lumen
