// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/microled_link.h"

namespace lumen::serdes {

using namespace sc_core;

microled_link::microled_link(sc_module_name name, const link_params& params, uint64_t seed)
    : sc_module(name)
    , a_in("a_in")
    , a_out("a_out")
    , b_in("b_in")
    , b_out("b_out")
    , m_params(params)
    , m_a_to_b("a_to_b", params, seed)
    , m_b_to_a("b_to_a", params, seed) {
    for (int s : {A, B}) {
        in(s).register_nb_transport_fw(this, &microled_link::in_fw, s);
        in(s).register_b_transport(this, &microled_link::refuse_b_transport, s);
        in(s).register_transport_dbg(this, &microled_link::in_dbg, s);
        out(s).register_nb_transport_bw(this, &microled_link::out_bw, s);
        from(s).deliver = [this, s](tlm::tlm_generic_payload& gp, unsigned vc) {
            return deliver(1 - s, gp, vc);
        };
        from(s).space_freed = [this, s](unsigned vc) { space_freed(s, vc); };
        from(s).status_changed = [this, s] { channel_changed(s); };
    }
}

tlm::tlm_sync_enum microled_link::in_fw(int s, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                        sc_time&) {
    if (phase == tlm::BEGIN_REQ) {
        if (!from(s).up()) {
            from(s).count_dropped();
            phase = tlm::END_REQ;
            return tlm::TLM_UPDATED;
        }
        if (!from(s).can_accept(VC_REQUEST)) {
            m_waiting_request[s] = &gp; // END_REQ when the queue has room
            return tlm::TLM_ACCEPTED;
        }
        from(s).accept(&gp, VC_REQUEST);
        phase = tlm::END_REQ;
        return tlm::TLM_UPDATED;
    }
    if (phase == tlm::END_RESP) {
        // The response that the other side's channel delivered here is taken.
        from(1 - s).delivered(VC_RESPONSE);
        return tlm::TLM_COMPLETED;
    }
    SC_REPORT_ERROR(name(), "unexpected phase on an in socket");
    return tlm::TLM_COMPLETED;
}

tlm::tlm_sync_enum microled_link::out_bw(int s, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                         sc_time&) {
    if (phase == tlm::END_REQ || phase == tlm::BEGIN_RESP) {
        if (m_awaiting_end_req[s] == &gp) { // BEGIN_RESP implies END_REQ
            m_awaiting_end_req[s] = nullptr;
            from(1 - s).delivered(VC_REQUEST);
        }
    }
    if (phase == tlm::END_REQ) return tlm::TLM_ACCEPTED;
    if (phase == tlm::BEGIN_RESP) {
        if (!from(s).up()) {
            from(s).count_dropped();
            phase = tlm::END_RESP;
            return tlm::TLM_COMPLETED;
        }
        if (!from(s).can_accept(VC_RESPONSE)) {
            m_waiting_response[s] = &gp; // END_RESP when the queue has room
            return tlm::TLM_ACCEPTED;
        }
        from(s).accept(&gp, VC_RESPONSE);
        phase = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    SC_REPORT_ERROR(name(), "unexpected phase on an out socket");
    return tlm::TLM_COMPLETED;
}

bool microled_link::deliver(int to, tlm::tlm_generic_payload& gp, unsigned vc) {
    sc_time delay = SC_ZERO_TIME;
    if (vc == VC_REQUEST) {
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        tlm::tlm_sync_enum r = out(to)->nb_transport_fw(gp, phase, delay);
        if (r == tlm::TLM_UPDATED && phase == tlm::END_REQ) return true;
        if (r == tlm::TLM_ACCEPTED) {
            m_awaiting_end_req[to] = &gp;
            return false;
        }
        SC_REPORT_ERROR(name(), "a target answered BEGIN_REQ with a response at once: "
                                "the link expects END_REQ first");
        return true;
    }
    tlm::tlm_phase phase = tlm::BEGIN_RESP;
    tlm::tlm_sync_enum r = in(to)->nb_transport_bw(gp, phase, delay);
    return r == tlm::TLM_COMPLETED || (r == tlm::TLM_UPDATED && phase == tlm::END_RESP);
}

void microled_link::space_freed(int from_side, unsigned vc) {
    sc_time delay = SC_ZERO_TIME;
    if (vc == VC_REQUEST && m_waiting_request[from_side]) {
        tlm::tlm_generic_payload* gp = m_waiting_request[from_side];
        m_waiting_request[from_side] = nullptr;
        from(from_side).accept(gp, VC_REQUEST);
        tlm::tlm_phase phase = tlm::END_REQ;
        in(from_side)->nb_transport_bw(*gp, phase, delay);
    } else if (vc == VC_RESPONSE && m_waiting_response[from_side]) {
        tlm::tlm_generic_payload* gp = m_waiting_response[from_side];
        m_waiting_response[from_side] = nullptr;
        from(from_side).accept(gp, VC_RESPONSE);
        tlm::tlm_phase phase = tlm::END_RESP;
        out(from_side)->nb_transport_fw(*gp, phase, delay);
    }
}

void microled_link::channel_changed(int from_side) {
    if (from(from_side).up()) {
        if (status_changed) status_changed();
        return;
    }
    sc_time delay = SC_ZERO_TIME;
    if (tlm::tlm_generic_payload* gp = m_waiting_request[from_side]) {
        m_waiting_request[from_side] = nullptr;
        from(from_side).count_dropped();
        tlm::tlm_phase phase = tlm::END_REQ;
        in(from_side)->nb_transport_bw(*gp, phase, delay);
    }
    if (tlm::tlm_generic_payload* gp = m_waiting_response[from_side]) {
        m_waiting_response[from_side] = nullptr;
        from(from_side).count_dropped();
        tlm::tlm_phase phase = tlm::END_RESP;
        out(from_side)->nb_transport_fw(*gp, phase, delay);
    }
    if (status_changed) status_changed();
}

unsigned int microled_link::in_dbg(int s, tlm::tlm_generic_payload& gp) {
    return out(1 - s)->transport_dbg(gp);
}

void microled_link::trace(tracer& t) const {
    m_a_to_b.trace(t);
    m_b_to_a.trace(t);
}

} // namespace lumen::serdes
