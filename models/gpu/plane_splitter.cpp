// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/plane_splitter.h"

#include "models/core/source_extension.h"

namespace lumen {

using namespace sc_core;

plane_splitter::plane_splitter(sc_module_name name, const plane_interleave& map, unsigned gpu,
                               uint64_t memory_stride)
    : sc_module(name)
    , in("in")
    , out("out", map.planes)
    , paths("paths")
    , m_map(map)
    , m_gpu(gpu)
    , m_memory_stride(memory_stride) {
    in.register_nb_transport_fw(this, &plane_splitter::in_fw);
    in.register_transport_dbg(this, &plane_splitter::in_dbg);
    for (unsigned s = 0; s < map.planes; ++s)
        out[s].register_nb_transport_bw(this, &plane_splitter::out_bw, int(s));
}

tlm::tlm_sync_enum plane_splitter::in_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                         sc_time& delay) {
    if (phase == tlm::END_RESP) {
        // The initiator took the response in flight: end it on its plane and
        // pass up the next one.
        m_response_in_flight = false;
        out[m_response_plane]->nb_transport_fw(gp, phase, delay);
        while (!m_response_in_flight && !m_waiting_responses.empty()) {
            auto [next, plane] = m_waiting_responses.front();
            m_waiting_responses.pop_front();
            if (send_response(*next, plane)) {
                tlm::tlm_phase end = tlm::END_RESP;
                sc_time zero = SC_ZERO_TIME;
                out[plane]->nb_transport_fw(*next, end, zero);
            }
        }
        return tlm::TLM_COMPLETED;
    }
    // The packet header names its source: a fabric's ECMP hashes it.
    set_source(gp, m_gpu);
    return out[plane_for(gp.get_address())]->nb_transport_fw(gp, phase, delay);
}

bool plane_splitter::usable(unsigned plane, uint64_t address) const {
    return paths.size() == 0 || paths->can_carry(m_gpu, plane, unsigned(address / m_memory_stride));
}

unsigned plane_splitter::plane_for(uint64_t address) {
    unsigned own = m_map.plane_of(address);
    if (usable(own, address)) return own;
    for (unsigned i = 1; i < m_map.planes; ++i) {
        unsigned other = (own + i) % m_map.planes;
        if (usable(other, address)) {
            ++m_rerouted;
            return other;
        }
    }
    return own; // no plane can: it waits on its own for the link to come back
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

tlm::tlm_sync_enum plane_splitter::out_bw(int plane, tlm::tlm_generic_payload& gp,
                                          tlm::tlm_phase& phase, sc_time& delay) {
    if (phase == tlm::BEGIN_RESP) {
        if (m_response_in_flight || !m_waiting_responses.empty()) {
            m_waiting_responses.emplace_back(&gp, unsigned(plane));
            return tlm::TLM_ACCEPTED;
        }
        if (!send_response(gp, unsigned(plane))) return tlm::TLM_ACCEPTED;
        phase = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    // END_REQ: the plane took the request.
    return in->nb_transport_bw(gp, phase, delay);
}

unsigned int plane_splitter::in_dbg(tlm::tlm_generic_payload& gp) {
    return out[plane_for(gp.get_address())]->transport_dbg(gp);
}

} // namespace lumen
