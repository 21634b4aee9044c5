// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/plane_splitter.h"

#include "models/core/source_extension.h"

#include <cstring>

namespace lumen {

using namespace sc_core;

plane_splitter::plane_splitter(sc_module_name name, const plane_interleave& map, unsigned gpu,
                               uint64_t memory_stride, const recovery_params& recovery)
    : sc_module(name)
    , in("in")
    , out("out", map.planes)
    , paths("paths")
    , m_map(map)
    , m_gpu(gpu)
    , m_memory_stride(memory_stride)
    , m_params(recovery)
    , m_plane_busy(map.planes, nullptr)
    , m_plane_queue(map.planes) {
    in.register_nb_transport_fw(this, &plane_splitter::in_fw);
    in.register_b_transport(this, &plane_splitter::refuse_b_transport);
    in.register_transport_dbg(this, &plane_splitter::in_dbg);
    for (unsigned s = 0; s < map.planes; ++s)
        out[s].register_nb_transport_bw(this, &plane_splitter::out_bw, int(s));
    m_timer.bind<&plane_splitter::on_timeout>(this);
}

tlm::tlm_sync_enum plane_splitter::in_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                         sc_time& delay) {
    if (phase == tlm::END_RESP) {
        // The initiator took the response in flight: end it on its plane and
        // pass up the next one.
        m_response_in_flight = false;
        if (m_response_plane != no_plane) out[m_response_plane]->nb_transport_fw(gp, phase, delay);
        while (!m_response_in_flight && !m_waiting_responses.empty()) {
            auto [next, plane] = m_waiting_responses.front();
            m_waiting_responses.pop_front();
            if (send_response(*next, plane) && plane != no_plane) {
                tlm::tlm_phase end = tlm::END_RESP;
                sc_time zero = SC_ZERO_TIME;
                out[plane]->nb_transport_fw(*next, end, zero);
            }
        }
        return tlm::TLM_COMPLETED;
    }
    const unsigned plane = track(gp);
    if (m_plane_busy[plane]) {
        // Only after a reissue: a copy holds the plane's request channel.
        m_initiator_waits = &gp;
        m_plane_queue[plane].push_back(&gp);
        return tlm::TLM_ACCEPTED;
    }
    tlm::tlm_sync_enum s = out[plane]->nb_transport_fw(gp, phase, delay);
    if (s == tlm::TLM_ACCEPTED || (s == tlm::TLM_UPDATED && phase == tlm::BEGIN_REQ)) {
        m_plane_busy[plane] = &gp;
        m_initiator_waits = &gp;
    }
    return s;
}

bool plane_splitter::usable(unsigned plane, uint64_t address) const {
    return paths.size() == 0 || paths->can_carry(m_gpu, plane, unsigned(address / m_memory_stride));
}

unsigned plane_splitter::plane_for(uint64_t address) {
    unsigned own = m_map.plane_of(address);
    // With one plane there is no other to take: asking whether both ends'
    // links are up would only read two far links' state per request.
    if (m_map.planes == 1 || usable(own, address)) return own;
    for (unsigned i = 1; i < m_map.planes; ++i) {
        unsigned other = (own + i) % m_map.planes;
        if (usable(other, address)) {
            ++m_rerouted;
            return other;
        }
    }
    return own; // no plane can: it waits on its own, and its timeout decides
}

bool plane_splitter::send_response(tlm::tlm_generic_payload& gp, unsigned plane) {
    tlm::tlm_phase phase = tlm::BEGIN_RESP;
    sc_time delay = SC_ZERO_TIME;
    tlm::tlm_sync_enum s = in->nb_transport_bw(gp, phase, delay);
    bool done = s == tlm::TLM_COMPLETED || (s == tlm::TLM_UPDATED && phase == tlm::END_RESP);
    m_response_in_flight = !done;
    if (!done) m_response_plane = plane;
    return done;
}

tlm::tlm_sync_enum plane_splitter::respond(tlm::tlm_generic_payload& gp, unsigned plane,
                                           tlm::tlm_phase& phase) {
    if (m_response_in_flight || !m_waiting_responses.empty()) {
        m_waiting_responses.emplace_back(&gp, plane);
        return tlm::TLM_ACCEPTED;
    }
    if (!send_response(gp, plane)) return tlm::TLM_ACCEPTED;
    phase = tlm::END_RESP;
    return tlm::TLM_COMPLETED;
}

tlm::tlm_sync_enum plane_splitter::out_bw(int plane, tlm::tlm_generic_payload& gp,
                                          tlm::tlm_phase& phase, sc_time& delay) {
    const unsigned p = unsigned(plane);
    const bool ended = m_plane_busy[p] == &gp; // END_REQ, or BEGIN_RESP implies it
    if (ended) m_plane_busy[p] = nullptr;
    if (phase == tlm::BEGIN_RESP) {
        if (m_initiator_waits == &gp) m_initiator_waits = nullptr; // BEGIN_RESP implies END_REQ
        tlm::tlm_sync_enum s;
        if (late(gp)) {
            phase = tlm::END_RESP;
            s = tlm::TLM_COMPLETED;
        } else {
            record& r = *find(gp);
            tlm::tlm_generic_payload& o = *r.original;
            const bool held = r.held;
            answered(r); // r may be gone now
            if (&gp == &o) {
                if (held) o.release(); // held for this return; the initiator has its own
                s = respond(gp, p, phase);
            } else {
                // A copy answered first: its outcome is the original's, which
                // stays held while it may still come back.
                o.set_response_status(gp.get_response_status());
                if (o.is_read())
                    std::memcpy(o.get_data_ptr(), gp.get_data_ptr(), o.get_data_length());
                gp.release();
                tlm::tlm_phase up = tlm::BEGIN_RESP;
                respond(o, no_plane, up);
                phase = tlm::END_RESP;
                s = tlm::TLM_COMPLETED;
            }
        }
        if (ended) drain(p);
        return s;
    }
    // END_REQ: the plane took the request; the initiator hears of its own.
    if (m_initiator_waits == &gp) {
        m_initiator_waits = nullptr;
        in->nb_transport_bw(gp, phase, delay);
    }
    drain(p);
    return tlm::TLM_ACCEPTED;
}

unsigned int plane_splitter::in_dbg(tlm::tlm_generic_payload& gp) {
    return out[plane_for(gp.get_address())]->transport_dbg(gp);
}

} // namespace lumen
