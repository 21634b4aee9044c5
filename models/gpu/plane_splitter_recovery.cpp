// SPDX-License-Identifier: Apache-2.0
// The splitter's end-to-end recovery: request records, timeouts, copies,
// late responses (see plane_splitter.h).
#include "models/core/sim_time.h"
#include "models/gpu/plane_splitter.h"

#include "models/core/posted_extension.h"
#include "models/core/source_extension.h"

#include <algorithm>
#include <cstring>

namespace lumen {

using namespace sc_core;

namespace {

const source_extension& header(const tlm::tlm_generic_payload& gp) {
    return *gp.get_extension<source_extension>();
}

} // namespace

unsigned plane_splitter::track(tlm::tlm_generic_payload& gp) {
    const unsigned dst = destination(gp);
    if (dst >= m_next_seq.size()) m_next_seq.resize(size_t(dst) + 1, 0);
    // The packet header names its source: a fabric's ECMP hashes it.
    source_extension& e = set_source(gp, m_gpu);
    e.seq = m_next_seq[dst]++;
    // A posted write has no response to wait for: no record, no timeout, no
    // copy (the platforms refuse it where a path can die: docs/faults.md).
    if (posted(gp)) return plane_for(gp.get_address());
    e.tag = m_next_tag++;
    const uint64_t deadline = now_ps() + m_params.timeout_ps;
    m_records.push_back(record{&gp, deadline, plane_for(gp.get_address())});
    ++m_waiting;
    if (m_watching) {
        m_deadlines.emplace(deadline, e.tag);
        if (m_timer_at == ~uint64_t(0)) arm_timer();
    }
    return m_records.back().plane;
}

void plane_splitter::paths_changed() {
    if (!m_watching) {
        // The records kept their deadlines; the timer starts with them.
        m_watching = true;
        for (const record& r : m_records)
            if (!r.answered) m_deadlines.emplace(r.deadline_ps, header(*r.original).tag);
    }
    arm_timer();
}

plane_splitter::record* plane_splitter::find(const tlm::tlm_generic_payload& gp) {
    const source_extension* e = gp.get_extension<source_extension>();
    if (!e || e->tag < m_first_tag || e->tag - m_first_tag >= m_records.size()) return nullptr;
    return &m_records[size_t(e->tag - m_first_tag)];
}

bool plane_splitter::late(tlm::tlm_generic_payload& gp) {
    const record* r = find(gp);
    if (r && !r->answered) return false;
    // A copy of ours goes back to our pool; an original was held for this.
    ++m_recovery.late_responses;
    gp.release();
    return true;
}

void plane_splitter::answered(record& r) {
    r.answered = true;
    --m_waiting;
    while (!m_records.empty() && m_records.front().answered) {
        m_records.pop_front();
        ++m_first_tag;
    }
    if (m_waiting == 0 && m_timer_at != ~uint64_t(0)) {
        m_timer.cancel();
        m_timer_at = ~uint64_t(0);
    }
}

void plane_splitter::arm_timer() {
    while (!m_deadlines.empty()) {
        auto [at, tag] = m_deadlines.top();
        const bool live = tag >= m_first_tag && tag - m_first_tag < m_records.size() &&
                          !m_records[size_t(tag - m_first_tag)].answered &&
                          m_records[size_t(tag - m_first_tag)].deadline_ps == at;
        if (live) break;
        m_deadlines.pop();
    }
    if (m_deadlines.empty()) return;
    const uint64_t at = m_deadlines.top().first;
    if (at >= m_timer_at) return;
    const uint64_t now = now_ps();
    m_timer.notify_at(std::max(at, now), now);
    m_timer_at = at;
}

void plane_splitter::on_timeout() {
    m_timer_at = ~uint64_t(0);
    const uint64_t now = now_ps();
    while (!m_deadlines.empty() && m_deadlines.top().first <= now) {
        auto [at, tag] = m_deadlines.top();
        m_deadlines.pop();
        if (tag < m_first_tag || tag - m_first_tag >= m_records.size()) continue;
        record& r = m_records[size_t(tag - m_first_tag)];
        if (r.answered || r.deadline_ps != at) continue;
        const uint64_t address = r.original->get_address();
        // The next plane that can carry it; the same one last (a one-plane
        // fabric's switches route around what died).
        unsigned plane = no_plane;
        for (unsigned i = 1; i <= m_map.planes && plane == no_plane; ++i) {
            const unsigned q = (r.plane + i) % m_map.planes;
            if (usable(q, address)) plane = q;
        }
        if (r.attempts >= m_params.retry_limit) {
            give_up(r);
        } else if (plane == no_plane) {
            // No path now: wait another timeout, as a link may come back up.
            ++r.attempts;
            r.deadline_ps = now + m_params.timeout_ps;
            m_deadlines.emplace(r.deadline_ps, tag);
        } else {
            reissue(r, plane);
        }
    }
    arm_timer();
}

void plane_splitter::hold(record& r) {
    if (r.held) return;
    r.original->acquire();
    r.held = true;
}

void plane_splitter::release_end_req(record& r) {
    if (m_initiator_waits != r.original) return;
    m_initiator_waits = nullptr;
    tlm::tlm_phase phase = tlm::END_REQ;
    sc_time delay = SC_ZERO_TIME;
    in->nb_transport_bw(*r.original, phase, delay);
}

void plane_splitter::reissue(record& r, unsigned plane) {
    // The original stays where it is (a dead link may still hold it): it
    // must not be reused until it comes back, if it ever does.
    hold(r);
    release_end_req(r);
    ++r.attempts;
    r.plane = plane;
    r.deadline_ps = now_ps() + m_params.timeout_ps;
    const source_extension& h = header(*r.original);
    m_deadlines.emplace(r.deadline_ps, h.tag);

    tlm::tlm_generic_payload& copy = *m_copies.acquire(r.original->get_data_length());
    copy.set_command(r.original->get_command());
    copy.set_address(r.original->get_address());
    if (r.original->is_write())
        std::memcpy(copy.get_data_ptr(), r.original->get_data_ptr(), copy.get_data_length());
    source_extension& e = set_source(copy, m_gpu);
    e.seq = h.seq;
    e.tag = h.tag;
    e.attempt = r.attempts;
    ++m_recovery.reissued;
    send_or_queue(plane, copy); // last: a response may come back inside
}

void plane_splitter::give_up(record& r) {
    hold(r);
    release_end_req(r);
    tlm::tlm_generic_payload& original = *r.original;
    original.get_extension<source_extension>()->lost = true;
    original.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    ++m_recovery.given_up;
    ++m_recovery.lost_to[destination(original)];
    answered(r);
    tlm::tlm_phase phase = tlm::BEGIN_RESP;
    respond(original, no_plane, phase);
}

void plane_splitter::send_or_queue(unsigned plane, tlm::tlm_generic_payload& gp) {
    if (m_plane_busy[plane]) {
        m_plane_queue[plane].push_back(&gp);
        return;
    }
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_time delay = SC_ZERO_TIME;
    tlm::tlm_sync_enum s = out[plane]->nb_transport_fw(gp, phase, delay);
    if (s == tlm::TLM_ACCEPTED || (s == tlm::TLM_UPDATED && phase == tlm::BEGIN_REQ)) {
        m_plane_busy[plane] = &gp;
    } else if (s == tlm::TLM_UPDATED && phase == tlm::END_REQ) {
        if (m_initiator_waits == &gp) {
            m_initiator_waits = nullptr;
            in->nb_transport_bw(gp, phase, delay);
        }
    } else {
        SC_REPORT_ERROR(name(), "a plane answered BEGIN_REQ with a response at once");
    }
}

void plane_splitter::drain(unsigned plane) {
    while (!m_plane_busy[plane] && !m_plane_queue[plane].empty()) {
        tlm::tlm_generic_payload* gp = m_plane_queue[plane].front();
        m_plane_queue[plane].pop_front();
        send_or_queue(plane, *gp);
    }
}

} // namespace lumen
