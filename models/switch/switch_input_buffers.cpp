// SPDX-License-Identifier: Apache-2.0
// packet_switch's input buffers: packets arrive from a port's link, wait
// for room when the buffer is full (END_REQ/END_RESP withheld), and queue
// for the crossbar (one FIFO per input, or one virtual output queue per
// output).
#include "models/switch/packet_switch.h"
#include "models/switch/route_back.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using namespace sc_core;
using namespace tlm;

bool packet_switch::arrive(plane_id pl, const packet& pkt, bool owes_end, const sc_time& delay) {
    if (delay != SC_ZERO_TIME) {
        push_due(due_item{due_item::ARRIVAL, pl, pkt, owes_end}, uint64_t(delay.value()));
        return false;
    }
    const bool taken = take_or_hold(pl, pkt, owes_end);
    return taken && owes_end;
}

bool packet_switch::take_or_hold(plane_id pl, const packet& pkt, bool owes_end) {
    input_state& in = m_planes[pl].inputs[pkt.in];
    // A packet larger than the whole buffer still goes into an empty one, so
    // that it cannot block its input for ever.
    const bool fits =
        in.buffered_bytes == 0 || in.buffered_bytes + pkt.bytes <= m_params.input_buffer_bytes;
    if ((fits && !in.holding) || !owes_end) {
        enqueue(pl, pkt);
        return true;
    }
    if (in.holding) {
        SC_REPORT_ERROR(name(), fmt::format("port {}: a second {} before the end of the first",
                                            pkt.in, pl == REQ ? "BEGIN_REQ" : "BEGIN_RESP")
                                    .c_str());
        return false;
    }
    in.holding = true;
    in.held = pkt;
    in.held_since_ps = now_ps();
    return false;
}

void packet_switch::enqueue(plane_id pl, const packet& pkt) {
    plane& P = m_planes[pl];
    input_state& in = P.inputs[pkt.in];
    const unsigned q = queue_of(pkt.out);
    // A FIFO requests the output of its head, a VOQ its own output. Like an
    // input register, the arbiter sees a packet from the first edge after it
    // arrived, whatever the order of events at that time.
    if (pkt.arrived_ps == now_ps()) {
        if (in.fresh_ps != pkt.arrived_ps) in.fresh_bytes = 0;
        in.fresh_ps = pkt.arrived_ps;
        in.fresh_bytes += pkt.bytes;
    }
    if (in.queues.empty(q)) {
        if (pkt.arrived_ps == now_ps())
            P.staged.push_back({pkt.in, pkt.out, pkt.arrived_ps});
        else
            P.requests.add(pkt.in, pkt.out);
    }
    in.queues.push(q, pkt);
    in.buffered_bytes += pkt.bytes;
    add_depth(pkt.in, +1);
    uint64_t& bytes_max = pl == REQ ? m_ports[pkt.in].stats.request_buffer_bytes_max
                                    : m_ports[pkt.in].stats.response_buffer_bytes_max;
    bytes_max = std::max(bytes_max, in.buffered_bytes);
    request_arbitration(pl);
}

void packet_switch::send_end(plane_id pl, const packet& pkt) {
    sc_time delay = SC_ZERO_TIME;
    if (pl == REQ) {
        tlm_phase phase = END_REQ;
        port_in[pkt.in]->nb_transport_bw(*pkt.gp, phase, delay);
    } else {
        tlm_phase phase = END_RESP;
        port_out[pkt.in]->nb_transport_fw(*pkt.gp, phase, delay);
    }
}

bool packet_switch::response_arrives(unsigned port, tlm_generic_payload& gp, bool owes_end,
                                     const sc_time& delay) {
    route_back_extension* back = gp.get_extension<route_back_extension>();
    if (!back || back->count == 0 || back->hops[back->count - 1].sw != this) {
        SC_REPORT_ERROR(name(), fmt::format("port_out {}: a response to no request in flight "
                                            "through this switch",
                                            port)
                                    .c_str());
        return true;
    }
    const unsigned origin = back->hops[--back->count].port;
    --m_in_flight;
    return arrive(RESP, make_packet(RESP, gp, port, origin), owes_end, delay);
}

void packet_switch::add_depth(unsigned port, int delta) {
    port_record& r = m_ports[port];
    const uint64_t now = now_ps();
    r.depth_area += r.depth * (now - r.depth_since_ps);
    r.depth_since_ps = now;
    r.depth += delta;
    r.stats.queue_depth_max = std::max(r.stats.queue_depth_max, r.depth);
}

} // namespace lumen
