// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/traffic_engine.h"
#include "models/core/sim_time.h"

#include "models/switch/packet_switch.h"

#include "models/core/log.h"
#include "models/core/source_extension.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lumen {

using namespace sc_core;

const std::vector<std::string>& traffic_op_names() {
    static const std::vector<std::string> names{"read", "write", "mixed", "write_posted"};
    return names;
}

const char* traffic_op_name(traffic_op op) {
    return traffic_op_names()[size_t(op)].c_str();
}

traffic_op traffic_op_named(const std::string& name) {
    const auto& names = traffic_op_names();
    return traffic_op(std::find(names.begin(), names.end(), name) - names.begin());
}

traffic_engine::traffic_engine(sc_module_name name, const traffic_params& params)
    : sc_module(name)
    , init_out("init_out")
    , m_params(params)
    , m_random(params.seed, params.stream_name.empty() ? std::string(name) : params.stream_name)
    , m_shadow(params.data)
    , m_expected(params.request_bytes)
    , m_slots(std::max<uint64_t>(1, params.region_bytes / params.request_bytes))
    , m_slot_state(params.targets)
    , m_total(params.total_bytes / params.request_bytes)
    , m_mean_gap_ps(double(params.request_bytes) / params.offered_GBps * 1000.0) {
    init_out.register_nb_transport_bw(this, &traffic_engine::nb_transport_bw);
    m_next_target = draw_target();
    m_wake.bind<&traffic_engine::issue>(this);
    if (!params.wait_for_start) m_wake.notify_at(0, 0); // at the start of simulation
}

void traffic_engine::start() {
    m_next_injection_ps = now_ps();
    m_wake.notify(SC_ZERO_TIME);
}

unsigned traffic_engine::draw_target() {
    return m_params.targets > 1 ? m_params.pick_target(m_random) : 0;
}

uint64_t traffic_engine::slot_address(uint64_t slot) const {
    return m_params.target_base + (slot / m_slots) * m_params.target_stride +
           (slot % m_slots) * m_params.request_bytes;
}

uint64_t traffic_engine::slot_of(uint64_t address) const {
    uint64_t offset = address - m_params.target_base;
    uint64_t target = m_params.target_stride ? offset / m_params.target_stride : 0;
    return target * m_slots + (offset - target * m_params.target_stride) / m_params.request_bytes;
}

uint64_t traffic_engine::draw_gap_ps() {
    if (m_params.arrival == arrival_process::PERIODIC) {
        // Carry the fraction so the long-run rate is exact.
        uint64_t next = uint64_t(std::llround(double(m_next + 1) * m_mean_gap_ps));
        uint64_t now = uint64_t(std::llround(double(m_next) * m_mean_gap_ps));
        return next - now;
    }
    return uint64_t(std::llround(m_random.exponential(m_mean_gap_ps)));
}

void traffic_engine::preload() {
    if (m_params.op != traffic_op::READ) return;
    uint64_t slots = std::min<uint64_t>(m_slots, m_total);
    std::vector<unsigned char> data(m_params.request_bytes);
    for (uint64_t s = 0; s < slots * m_params.targets; ++s) {
        if (s % m_slots >= slots) continue;
        m_random.fill(data.data(), m_params.request_bytes);
        m_shadow.write(shadow_offset(s), data.data(), data.size());
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_WRITE_COMMAND);
        gp.set_address(slot_address(s));
        gp.set_data_ptr(data.data());
        gp.set_data_length(m_params.request_bytes);
        gp.set_streaming_width(m_params.request_bytes);
        if (init_out->transport_dbg(gp) != m_params.request_bytes)
            SC_REPORT_ERROR(name(), "preload: the debug path did not reach the memory");
    }
}

void traffic_engine::issue() {
    uint64_t now = now_ps();
    // Blocked on the interconnect or on a busy slot, a response or END_REQ
    // wakes us; waiting for the next injection time, a timed wake does.
    m_blocked = true;
    // A posted write holds no tag at the source: only END_REQ (link credits,
    // queues downstream) holds it back.
    const bool posted_writes = m_params.op == traffic_op::WRITE_POSTED;
    while (m_next < m_total && !m_waiting_end_req &&
           (posted_writes || m_outstanding < m_params.max_outstanding)) {
        if (m_next_injection_ps > now) {
            m_blocked = false;
            m_wake.notify(sc_time::from_value(m_next_injection_ps - now));
            return;
        }
        // Each target's slots are used in turn, so the pages a run touches
        // grow with its traffic, not with the number of targets.
        target_slots& target = m_slot_state[m_next_target];
        uint64_t index = target.requests % m_slots;
        std::vector<slot_state>& slots = target.slots;
        if (index == slots.size()) slots.emplace_back();
        slot_state& state = slots[index];
        // A slot is never read and written at once, nor written twice at once
        // (a posted write's landing names its slot): the shadow would be ambiguous.
        if (state.busy) return;
        uint64_t slot = m_next_target * m_slots + index;

        bool write = m_params.op == traffic_op::WRITE || posted_writes ||
                     (m_params.op == traffic_op::MIXED && (m_random.next() >> 63) != 0);
        tlm::tlm_generic_payload* gp = m_pool.acquire(m_params.request_bytes);
        gp->set_address(slot_address(slot));
        gp->set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        if (posted_writes) {
            posted_extension* p = gp->get_extension<posted_extension>();
            if (!p) {
                p = new posted_extension; // stays on the pooled payload
                gp->set_extension(p);
            }
            p->sink = this;
            p->switches = 0;
        }
        if (write) {
            m_random.fill(gp->get_data_ptr(), m_params.request_bytes);
            m_shadow.write(shadow_offset(slot), gp->get_data_ptr(), m_params.request_bytes);
        } else {
            std::memset(gp->get_data_ptr(), 0xA5, m_params.request_bytes); // not what is read
        }
        state.busy = true;
        state.injection_ps = m_next_injection_ps;
        state.request = m_next;
        ++m_outstanding;
        ++m_stats.transactions.issued;
        if (m_next == 0) m_stats.first_issue_ps = now;
        ++m_next;
        ++target.requests;
        if (m_next < m_total) {
            m_next_injection_ps += draw_gap_ps();
            m_next_target = draw_target();
        }

        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_time delay = SC_ZERO_TIME;
        tlm::tlm_sync_enum s = init_out->nb_transport_fw(*gp, phase, delay);
        if (s == tlm::TLM_ACCEPTED || (s == tlm::TLM_UPDATED && phase == tlm::BEGIN_REQ)) {
            m_waiting_end_req = gp;
        } else if (s == tlm::TLM_COMPLETED || (s == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP)) {
            complete(*gp);
        }
    }
}

tlm::tlm_sync_enum traffic_engine::nb_transport_bw(tlm::tlm_generic_payload& gp,
                                                   tlm::tlm_phase& phase, sc_time&) {
    if (phase == tlm::END_REQ) {
        m_waiting_end_req = nullptr;
        if (m_blocked) m_wake.notify(SC_ZERO_TIME);
        return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::BEGIN_RESP) {
        if (m_waiting_end_req == &gp) m_waiting_end_req = nullptr; // BEGIN_RESP implies END_REQ
        complete(gp);
        if (m_blocked) m_wake.notify(SC_ZERO_TIME);
        phase = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    SC_REPORT_ERROR(name(), "unexpected phase on init_out");
    return tlm::TLM_COMPLETED;
}

void traffic_engine::complete(tlm::tlm_generic_payload& gp) {
    // The address names the slot, and the slot its request: no payload extension needed.
    uint64_t slot = slot_of(gp.get_address());
    slot_state& state = state_of(slot);
    if (given_up(gp)) {
        // No path answered: the request is lost, not completed. A lost
        // write may or may not have landed, so the slot's contents are
        // unknown until a write to it completes again.
        if (!m_warned_lost)
            log_warning(*this,
                        "{} at 0x{:x} lost: no path to its target answered (further "
                        "losses are counted, not logged)",
                        gp.is_write() ? "write" : "read", gp.get_address());
        m_warned_lost = true;
        if (gp.is_write()) {
            state.writes = 0;
            state.unknown = true;
        }
        state.busy = false;
        --m_outstanding;
        gp.release();
        if (done()) report_done();
        return;
    }
    count_completion(gp, state, slot, switches_crossed(gp));
    state.busy = false;
    --m_outstanding;
    gp.release();
    if (done()) report_done();
}

void traffic_engine::count_completion(tlm::tlm_generic_payload& gp, slot_state& state,
                                      uint64_t slot, unsigned switches) {
    const uint64_t now = now_ps();
    ++m_stats.transactions.completed;
    m_stats.bytes_completed += gp.get_data_length();
    if (state.request >= m_params.warmup_requests) {
        m_stats.latency.add(now - state.injection_ps);
        m_stats.latency_by_hops.add(switches, now - state.injection_ps);
    }
    m_stats.last_completion_ps = now;
    if (!gp.is_response_ok()) {
        ++m_stats.transactions.mismatches;
        log_warning(*this, "{} at 0x{:x} failed: {}", gp.is_write() ? "write" : "read",
                    gp.get_address(), gp.get_response_string());
    } else if (gp.is_write()) {
        ++state.writes;
        state.unknown = false;
    } else if (state.unknown) {
        // A lost write came before: what the slot holds cannot be checked.
    } else {
        m_shadow.read(shadow_offset(slot), m_expected.data(), m_expected.size());
        if (std::memcmp(m_expected.data(), gp.get_data_ptr(), m_expected.size()) == 0) {
            ++m_stats.transactions.checked;
        } else {
            ++m_stats.transactions.mismatches;
            log_warning(*this, "read at 0x{:x} returned data that differs from what was written",
                        gp.get_address());
        }
    }
}

void traffic_engine::landed(tlm::tlm_generic_payload& gp) {
    const uint64_t slot = slot_of(gp.get_address());
    slot_state& state = state_of(slot);
    if (!state.busy) {
        // No write of ours is in flight to this slot: the fabric delivered
        // one twice. The copy is not ours to release.
        ++m_stats.transactions.mismatches;
        log_warning(*this, "posted write at 0x{:x} landed twice", gp.get_address());
        return;
    }
    count_completion(gp, state, slot, posted(gp)->switches);
    state.busy = false;
    --m_outstanding;
    gp.release();
    // Called from inside the target memory's process: issue later, not from here.
    if (m_blocked) m_wake.notify(SC_ZERO_TIME);
    if (done()) report_done();
}

void traffic_engine::finish() {
    m_stats.transactions.lost = m_stats.transactions.issued - m_stats.transactions.completed;
    std::vector<unsigned char> got(m_params.request_bytes);
    // One payload for every slot: the debug path sets nothing on it but its
    // data, and a payload's construction allocates.
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_data_ptr(got.data());
    gp.set_data_length(m_params.request_bytes);
    gp.set_streaming_width(m_params.request_bytes);
    for (uint64_t t = 0; t < m_slot_state.size(); ++t) {
        for (uint64_t i = 0; i < m_slot_state[t].slots.size(); ++i) {
            const uint32_t writes = m_slot_state[t].slots[i].writes;
            if (writes == 0) continue;
            const uint64_t s = t * m_slots + i;
            m_shadow.read(shadow_offset(s), m_expected.data(), m_expected.size());
            gp.set_address(slot_address(s));
            init_out->transport_dbg(gp);
            // The final contents prove the last write to the slot, and with it
            // the ones it superseded, which all went through the same path.
            if (std::memcmp(m_expected.data(), got.data(), got.size()) == 0)
                m_stats.transactions.checked += writes;
            else
                m_stats.transactions.mismatches += 1;
        }
    }
}

void traffic_engine::flag_arrived(unsigned source, uint32_t tag) {
    SC_REPORT_ERROR(
        name(),
        fmt::format("flag {} of GPU {} for an engine that waits on none", tag, source).c_str());
}

void traffic_engine::trace(tracer& t) const {
    t.add(m_outstanding, std::string(name()) + ".outstanding");
}

} // namespace lumen
