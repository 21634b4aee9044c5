// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/plane_merger.h"

#include "models/core/posted_extension.h"

namespace lumen {

using namespace sc_core;

plane_merger::plane_merger(sc_module_name name, const plane_interleave& map)
    : sc_module(name)
    , in("in", map.planes)
    , out("out")
    , m_map(map) {
    for (unsigned s = 0; s < map.planes; ++s) {
        in[s].register_nb_transport_fw(this, &plane_merger::in_fw, int(s));
        in[s].register_b_transport(this, &plane_merger::refuse_b_transport, int(s));
        in[s].register_transport_dbg(this, &plane_merger::in_dbg, int(s));
    }
    out.register_nb_transport_bw(this, &plane_merger::out_bw);
    m_issue.bind<&plane_merger::issue>(this);
}

bool plane_merger::forward(tlm::tlm_generic_payload& gp) {
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_time delay = SC_ZERO_TIME;
    tlm::tlm_sync_enum s = out->nb_transport_fw(gp, phase, delay);
    if (s == tlm::TLM_UPDATED && phase == tlm::END_REQ) return true;
    if (s != tlm::TLM_ACCEPTED)
        SC_REPORT_ERROR(name(), "the memory answered BEGIN_REQ with a response at once");
    m_awaiting_end_req = true;
    return false;
}

tlm::tlm_sync_enum plane_merger::in_fw(int plane, tlm::tlm_generic_payload& gp,
                                       tlm::tlm_phase& phase, sc_time& delay) {
    if (phase == tlm::BEGIN_REQ) {
        remember_plane(gp, unsigned(plane));
        if (!m_awaiting_end_req && m_waiting.empty()) {
            if (forward(gp)) {
                phase = tlm::END_REQ;
                return tlm::TLM_UPDATED;
            }
            m_end_req_plane = unsigned(plane);
            m_end_req_owed = true;
            return tlm::TLM_ACCEPTED;
        }
        m_waiting.push_back({unsigned(plane), &gp});
        return tlm::TLM_ACCEPTED;
    }
    // END_RESP: the memory sends one response at a time, so this is its.
    return out->nb_transport_fw(gp, phase, delay);
}

tlm::tlm_sync_enum plane_merger::out_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                        sc_time& delay) {
    if (phase == tlm::END_REQ) {
        m_awaiting_end_req = false;
        if (m_end_req_owed) {
            m_end_req_owed = false;
            in[m_end_req_plane]->nb_transport_bw(gp, phase, delay);
        }
        // Not from inside the memory's own call: the next request goes in
        // later at this time, when the memory is between calls.
        if (!m_waiting.empty()) m_issue.notify(SC_ZERO_TIME);
        return tlm::TLM_ACCEPTED;
    }
    // BEGIN_RESP: back to the plane the request came from (not always its
    // address's plane: a request leaves a plane whose link is down).
    return in[recall_plane(gp)]->nb_transport_bw(gp, phase, delay);
}

void plane_merger::remember_plane(tlm::tlm_generic_payload& gp, unsigned plane) {
    // With one plane every response goes back the one way, and a posted
    // write gets no response. The plane count first: it is this model's
    // own state, where the payload's extensions are a cache miss at scale.
    if (m_map.planes > 1 && !posted(gp)) m_came_from.emplace_back(&gp, plane);
}

unsigned plane_merger::recall_plane(tlm::tlm_generic_payload& gp) {
    if (m_map.planes == 1) return 0;
    // Responses come back roughly in request order: search from the oldest.
    for (size_t k = 0; k < m_came_from.size(); ++k) {
        if (m_came_from[k].first != &gp) continue;
        const unsigned plane = m_came_from[k].second;
        m_came_from.erase(m_came_from.begin() + std::ptrdiff_t(k));
        return plane;
    }
    SC_REPORT_ERROR(name(), "a response to no request this merger forwarded");
    return 0;
}

void plane_merger::issue() {
    while (!m_awaiting_end_req && !m_waiting.empty()) {
        waiting_request w = m_waiting.front();
        m_waiting.pop_front();
        tlm::tlm_phase phase = tlm::END_REQ;
        sc_time delay = SC_ZERO_TIME;
        if (forward(*w.gp)) {
            in[w.plane]->nb_transport_bw(*w.gp, phase, delay);
        } else {
            m_end_req_plane = w.plane;
            m_end_req_owed = true;
        }
    }
}

unsigned int plane_merger::in_dbg(int, tlm::tlm_generic_payload& gp) {
    return out->transport_dbg(gp);
}

} // namespace lumen
