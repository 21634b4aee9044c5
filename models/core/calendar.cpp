// SPDX-License-Identifier: Apache-2.0
#include "models/core/calendar.h"

// sc_spawn without SC_INCLUDE_DYNAMIC_PROCESSES for every source (and for
// the precompiled SystemC header they share).
#include <sysc/kernel/sc_spawn.h>

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
    if (!m_arm_at_end && due_ps < m_armed_ps) set_event(due_ps, now_ps);
    return m_order++;
}

void calendar::set_event(uint64_t due_ps, uint64_t now_ps) {
    m_event.notify(sc_core::sc_time::from_value(due_ps - now_ps));
    m_armed_ps = due_ps;
}

void calendar::run() {
    const uint64_t now = now_ps();
    m_arm_at_end = true;
    m_armed_ps = never;
    while (!m_later.empty() && m_later.front().due <= now) call(m_later.take_front());
    while (!m_now.empty()) {
        const entry e = m_now.front();
        m_now.pop_front();
        call(e);
    }
    m_arm_at_end = false;
    arm(now);
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
    if (!m_later.empty()) set_event(m_later.front().due, now_ps);
}

} // namespace lumen
