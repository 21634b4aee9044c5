// SPDX-License-Identifier: Apache-2.0
// packet_switch's output side: packets out of the pipeline are offered
// downstream one at a time, and the port takes no new packet until the
// downstream accepted it.
#include "models/switch/packet_switch.h"

#include "models/core/posted_extension.h"

#include <fmt/format.h>

namespace lumen {

using namespace sc_core;
using namespace tlm;

void packet_switch::try_send(plane_id pl, unsigned out) {
    output_state& o = m_planes[pl].outputs[out];
    if (o.outstanding || o.egress.empty()) return;
    const packet pkt = o.egress.front();
    sc_time delay = SC_ZERO_TIME;
    if (pl == REQ) {
        // A target may hand its response back with TLM_COMPLETED, which
        // cannot be refused: send it no request while its response buffer is
        // full, so that buffer overruns by one response at most. Responses
        // that arrived at this very time do not count yet, whatever the order
        // of events at this time.
        const input_state& back = m_planes[RESP].inputs[out];
        const uint64_t settled =
            back.buffered_bytes - (back.fresh_ps == now_ps() ? back.fresh_bytes : 0);
        if (settled >= m_params.input_buffer_bytes) return;
        o.outstanding = true;
        o.stalled_since_ps = now_ps();
        tlm_phase phase = BEGIN_REQ;
        const tlm_sync_enum r = port_out[out]->nb_transport_fw(*pkt.gp, phase, delay);
        if (r == TLM_ACCEPTED) return;
        if (r == TLM_UPDATED && phase == BEGIN_RESP) {
            if (response_arrives(out, *pkt.gp, true, delay)) {
                packet resp = make_packet(RESP, *pkt.gp, out, pkt.in);
                send_end(RESP, resp);
            }
        } else if (r == TLM_COMPLETED) {
            response_arrives(out, *pkt.gp, false, delay);
        } else if (!(r == TLM_UPDATED && phase == END_REQ)) {
            SC_REPORT_ERROR(name(), fmt::format("port_out {}: BEGIN_REQ answered with phase {}",
                                                out, phase.get_name())
                                        .c_str());
        }
        accepted_after(REQ, out, *pkt.gp, delay);
    } else {
        o.outstanding = true;
        o.stalled_since_ps = now_ps();
        tlm_phase phase = BEGIN_RESP;
        const tlm_sync_enum r = port_in[out]->nb_transport_bw(*pkt.gp, phase, delay);
        if (r == TLM_ACCEPTED) return;
        // TLM_UPDATED with END_RESP, or TLM_COMPLETED.
        accepted_after(RESP, out, *pkt.gp, delay);
    }
}

void packet_switch::accepted_after(plane_id pl, unsigned out, tlm_generic_payload& gp,
                                   const sc_time& delay) {
    if (delay == SC_ZERO_TIME) {
        downstream_accepted(pl, out, gp);
        return;
    }
    packet pkt;
    pkt.gp = &gp;
    pkt.out = uint16_t(out);
    push_due(due_item{due_item::ACCEPTED, pl, pkt}, uint64_t(delay.value()));
}

void packet_switch::downstream_accepted(plane_id pl, unsigned out, tlm_generic_payload& gp) {
    output_state& o = m_planes[pl].outputs[out];
    // An END_REQ after an implicit one (BEGIN_RESP came first) finds nothing.
    if (!o.outstanding || o.egress.front().gp != &gp) return;
    const packet pkt = o.egress.front();
    o.egress.pop_front();
    o.outstanding = false;
    update_output_free(pl, out);
    switch_port_stats& s = m_ports[out].stats;
    s.output_stalled_ps += now_ps() - o.stalled_since_ps;
    (pl == REQ ? s.requests_forwarded : s.responses_forwarded) += 1;
    s.bytes_forwarded += pkt.bytes;
    // The reference taken at arrival goes with the response, or, for a
    // posted write, as it leaves.
    if ((pl == RESP || posted(*pkt.gp)) && pkt.gp->has_mm()) pkt.gp->release();
    if (m_planes[pl].free_outputs.test(out)) request_arbitration(pl);
    try_send(pl, out);
}

} // namespace lumen
