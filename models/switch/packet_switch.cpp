// SPDX-License-Identifier: Apache-2.0
#include "models/switch/packet_switch.h"

#include "models/core/log.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using namespace sc_core;
using namespace tlm;

namespace {

const switch_params& validated(const char* who, const switch_params& p) {
    auto fail = [who](const std::string& what) { SC_REPORT_ERROR(who, what.c_str()); };
    if (p.ports == 0) fail("switch params: ports must be at least 1");
    if (p.arbiter == arbiter_kind::ISLIP && p.islip_iterations == 0)
        fail("switch params: islip_iterations must be at least 1");
    if (p.speedup == 0) fail("switch params: speedup must be at least 1");
    if (!(p.core_clock_ghz > 0) || sc_time(1.0 / p.core_clock_ghz, SC_NS).value() == 0)
        fail(fmt::format("switch params: core_clock_ghz {} is not a positive clock above the "
                         "time resolution",
                         p.core_clock_ghz));
    if (p.port_bytes_per_cycle == 0) fail("switch params: port_bytes_per_cycle must be at least 1");
    if (p.input_buffer_bytes == 0) fail("switch params: input_buffer_bytes must be at least 1");
    return p;
}

// The way back of a request through every switch it crossed, innermost
// last: a response retraces its path in reverse, so each switch finds its
// own entry on top. It stays on a pooled payload for the payload's life, so a
// hop costs no allocation.
struct route_back_extension : tlm_extension<route_back_extension> {
    static constexpr unsigned MAX_HOPS = 8;
    struct hop {
        const packet_switch* sw;
        unsigned port;
    };
    hop hops[MAX_HOPS];
    unsigned count = 0;
    unsigned crossed = 0; // switches on the way out, kept while the response returns

    tlm_extension_base* clone() const override { return new route_back_extension(*this); }
    void copy_from(const tlm_extension_base& other) override {
        *this = static_cast<const route_back_extension&>(other);
    }
};

} // namespace

unsigned switches_crossed(const tlm_generic_payload& gp) {
    const route_back_extension* back = gp.get_extension<route_back_extension>();
    return back ? back->crossed : 0;
}

packet_switch::plane::plane(unsigned ports, const switch_params& p)
    : inputs(ports)
    , outputs(ports)
    , arb(make_arbiter(p.arbiter, ports, ports, std::max(1u, p.islip_iterations)))
    , requests(ports, ports)
    , free_inputs(ports)
    , free_outputs(ports)
    , fresh_outputs(ports)
    , eligible_outputs(ports) {
    const unsigned queues = p.queueing == queueing_kind::VOQ ? ports : 1;
    for (auto& in : inputs) in.queues = queue_set<packet>(queues);
    free_inputs.fill();
    free_outputs.fill();
}

packet_switch::packet_switch(const sc_module_name& name, const switch_params& params,
                             switch_route route)
    : sc_module(name)
    , port_in("port_in", validated(this->name(), params).ports)
    , port_out("port_out", params.ports)
    , m_params(params)
    , m_route(std::move(route))
    , m_cycle_ps(sc_time(1.0 / params.core_clock_ghz, SC_NS).value())
    , m_planes{plane(params.ports, params), plane(params.ports, params)}
    , m_due("due")
    , m_arbitrate_event("arbitrate_event")
    , m_ports(params.ports) {
    SC_HAS_PROCESS(packet_switch);
    for (unsigned p = 0; p < params.ports; ++p) {
        port_in[p].register_nb_transport_fw(this, &packet_switch::nb_transport_fw, int(p));
        port_in[p].register_transport_dbg(this, &packet_switch::transport_dbg, int(p));
        port_out[p].register_nb_transport_bw(this, &packet_switch::nb_transport_bw, int(p));
    }
    SC_METHOD(on_due);
    sensitive << m_due.event();
    dont_initialize();
    SC_METHOD(on_arbitrate);
    sensitive << m_arbitrate_event;
    dont_initialize();
    log_info(*this, "{} ports, {} queues, {} arbiter, speedup {}, {}, {} ps cycle", params.ports,
             params.queueing == queueing_kind::VOQ ? "voq" : "input_fifo",
             params.arbiter == arbiter_kind::ISLIP ? "islip" : "round_robin", params.speedup,
             params.cut_through ? "cut-through" : "store-and-forward", m_cycle_ps);
}

uint64_t packet_switch::transfer_cycles(uint64_t bytes) const {
    const uint64_t per_cycle = uint64_t(m_params.port_bytes_per_cycle) * m_params.speedup;
    return std::max<uint64_t>(1, (bytes + per_cycle - 1) / per_cycle);
}

packet_switch::packet packet_switch::make_packet(plane_id pl, tlm_generic_payload& gp, unsigned in,
                                                 unsigned out) const {
    // Data travels with a write request and with a read response.
    const bool carries_data = pl == REQ ? gp.is_write() : gp.is_read();
    packet pkt;
    pkt.gp = &gp;
    pkt.in = in;
    pkt.out = out;
    pkt.bytes = m_params.header_bytes + (carries_data ? gp.get_data_length() : 0);
    pkt.arrived_ps = now_ps();
    return pkt;
}

// ---- the sockets ----

// Marks state changes made on behalf of a call from outside, whose order
// against the switch's own work at the same time is up to the kernel.
struct packet_switch::external_call {
    explicit external_call(packet_switch& sw)
        : m_sw(sw) {
        ++m_sw.m_external_calls;
    }
    ~external_call() { --m_sw.m_external_calls; }
    packet_switch& m_sw;
};

tlm_sync_enum packet_switch::nb_transport_fw(int port, tlm_generic_payload& gp, tlm_phase& phase,
                                             sc_time& delay) {
    const external_call mark(*this);
    if (phase == BEGIN_REQ) {
        const unsigned out = m_route(gp, unsigned(port), false);
        if (out >= m_params.ports) {
            SC_REPORT_ERROR(name(), fmt::format("no route for address 0x{:x} (arrived on port "
                                                "{}): the address map has a hole",
                                                gp.get_address(), port)
                                        .c_str());
            gp.set_response_status(TLM_ADDRESS_ERROR_RESPONSE);
            return TLM_COMPLETED;
        }
        route_back_extension* back = gp.get_extension<route_back_extension>();
        if (!back) {
            back = new route_back_extension;
            gp.set_extension(back);
        }
        if (back->count == route_back_extension::MAX_HOPS) {
            SC_REPORT_ERROR(name(), "a request crossed more switches than the route-back "
                                    "record holds");
            gp.set_response_status(TLM_GENERIC_ERROR_RESPONSE);
            return TLM_COMPLETED;
        }
        // A pooled payload's record is empty when its request starts out.
        if (back->count == 0) back->crossed = 0;
        back->hops[back->count++] = {this, unsigned(port)};
        back->crossed = back->count;
        ++m_in_flight;
        if (gp.has_mm()) gp.acquire();
        if (arrive(REQ, make_packet(REQ, gp, unsigned(port), out), delay)) {
            phase = END_REQ;
            return TLM_UPDATED;
        }
        return TLM_ACCEPTED;
    }
    if (phase == END_RESP) {
        accepted_after(RESP, unsigned(port), gp, delay);
        return TLM_COMPLETED;
    }
    SC_REPORT_ERROR(
        name(), fmt::format("unexpected phase {} on port_in {}", phase.get_name(), port).c_str());
    return TLM_COMPLETED;
}

tlm_sync_enum packet_switch::nb_transport_bw(int port, tlm_generic_payload& gp, tlm_phase& phase,
                                             sc_time& delay) {
    const external_call mark(*this);
    if (phase == END_REQ) {
        accepted_after(REQ, unsigned(port), gp, delay);
        return TLM_ACCEPTED;
    }
    if (phase == BEGIN_RESP) {
        // A response without END_REQ implies it.
        accepted_after(REQ, unsigned(port), gp, delay);
        if (response_arrives(unsigned(port), gp, true, delay)) {
            phase = END_RESP;
            return TLM_UPDATED;
        }
        return TLM_ACCEPTED;
    }
    SC_REPORT_ERROR(
        name(), fmt::format("unexpected phase {} on port_out {}", phase.get_name(), port).c_str());
    return TLM_COMPLETED;
}

unsigned int packet_switch::transport_dbg(int port, tlm_generic_payload& gp) {
    const unsigned out = m_route(gp, unsigned(port), true);
    if (out >= m_params.ports) {
        SC_REPORT_ERROR(name(), fmt::format("no route for debug address 0x{:x} (port {})",
                                            gp.get_address(), port)
                                    .c_str());
        return 0;
    }
    return port_out[out]->transport_dbg(gp);
}

// ---- input buffers ----

bool packet_switch::arrive(plane_id pl, const packet& pkt, const sc_time& delay) {
    if (delay != SC_ZERO_TIME) {
        m_due.push(due_item{due_item::ARRIVAL, pl, pkt}, delay);
        return false;
    }
    const bool taken = take_or_hold(pl, pkt);
    return taken && pkt.owes_end;
}

bool packet_switch::take_or_hold(plane_id pl, const packet& pkt) {
    input_state& in = m_planes[pl].inputs[pkt.in];
    // A packet larger than the whole buffer still goes into an empty one, so
    // that it cannot block its input for ever.
    const bool fits =
        in.buffered_bytes == 0 || in.buffered_bytes + pkt.bytes <= m_params.input_buffer_bytes;
    if ((fits && !in.holding) || !pkt.owes_end) {
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
    packet pkt = make_packet(RESP, gp, port, origin);
    pkt.owes_end = owes_end;
    return arrive(RESP, pkt, delay);
}

void packet_switch::add_depth(unsigned port, int delta) {
    port_record& r = m_ports[port];
    const uint64_t now = now_ps();
    r.depth_area += r.depth * (now - r.depth_since_ps);
    r.depth_since_ps = now;
    r.depth += delta;
    r.stats.queue_depth_max = std::max(r.stats.queue_depth_max, r.depth);
}

// ---- the crossbar ----

// Arbitration runs once per plane and core-clock edge, a delta after the
// switch's own timed work at that edge (so it sees the transfers that ended
// there), and ignores what calls from outside changed at that edge (they are
// seen at the next one). Its outcome does not depend on the order in which
// the kernel runs processes within a time step.
void packet_switch::request_arbitration(plane_id pl) {
    plane& P = m_planes[pl];
    P.dirty = true;
    const uint64_t now = now_ps();
    uint64_t edge = (now + m_cycle_ps - 1) / m_cycle_ps * m_cycle_ps;
    if (P.last_arbitration_ps == edge) edge += m_cycle_ps;
    schedule_arbitration(edge);
}

void packet_switch::schedule_arbitration(uint64_t edge_ps) {
    const uint64_t now = now_ps();
    if (edge_ps == now) {
        m_arbitrate_event.notify(SC_ZERO_TIME);
        return;
    }
    if (m_next_arbitration_ps > now && m_next_arbitration_ps <= edge_ps) return;
    m_next_arbitration_ps = edge_ps;
    m_due.push(due_item{due_item::ARBITRATE, REQ, packet{}}, sc_time::from_value(edge_ps - now));
}

void packet_switch::on_arbitrate() {
    const uint64_t now = now_ps();
    for (plane_id pl : {REQ, RESP}) {
        plane& P = m_planes[pl];
        if (!P.dirty) continue;
        if (P.last_arbitration_ps == now) {
            schedule_arbitration(now + m_cycle_ps);
            continue;
        }
        P.dirty = false;
        P.last_arbitration_ps = now;
        arbitrate(pl);
    }
}

void packet_switch::arbitrate(plane_id pl) {
    plane& P = m_planes[pl];
    const uint64_t now = now_ps();
    // Requests that arrived before this edge join.
    size_t kept = 0;
    for (const auto& st : P.staged) {
        if (st.arrived_ps < now) {
            P.requests.add(st.in, P.inputs[st.in].queues.front(queue_of(st.out)).out);
        } else {
            P.staged[kept++] = st;
        }
    }
    P.staged.resize(kept);
    const bit_set* eligible = &P.free_outputs;
    if (P.fresh_ps == now) {
        P.eligible_outputs.assign_difference(P.free_outputs, P.fresh_outputs);
        eligible = &P.eligible_outputs;
    }
    if (!P.staged.empty() || P.fresh_ps == now) request_arbitration(pl);
    const bit_set& active = P.requests.active_outputs();
    for (unsigned w = 0; w < active.word_count(); ++w) {
        for (uint64_t bits = active.word(w) & eligible->word(w); bits; bits &= bits - 1) {
            const unsigned j = w * 64 + unsigned(__builtin_ctzll(bits));
            // A conflict needs two free requesters: stop counting at two,
            // and do not count where there are not two requesters at all.
            if (P.requests.requester_count(j) < 2) continue;
            const bit_set& req = P.requests.requesters(j);
            unsigned contenders = 0;
            for (unsigned v = 0; v < req.word_count() && contenders < 2; ++v)
                contenders += unsigned(__builtin_popcountll(req.word(v) & P.free_inputs.word(v)));
            if (contenders > 1) ++m_ports[j].stats.arbitration_conflicts;
        }
    }

    P.arb->match(P.requests, P.free_inputs, *eligible, P.match);

    const uint64_t header_cycles = transfer_cycles(m_params.header_bytes);
    for (auto [i, j] : P.match.pairs) {
        input_state& in = P.inputs[i];
        const unsigned q = queue_of(j);
        const packet pkt = in.queues.front(q);
        in.queues.pop(q);
        P.requests.remove(i, j);
        if (!in.queues.empty(q)) P.requests.add(i, in.queues.front(q).out);
        P.outputs[j].busy = true;
        P.free_inputs.reset(i);
        P.free_outputs.reset(j);
        const uint64_t cycles = transfer_cycles(pkt.bytes);
        // Cut-through: the head leaves the pipeline once the header has
        // crossed; the output stays busy while the rest of the packet streams.
        const uint64_t to_egress =
            (m_params.cut_through ? std::min(cycles, header_cycles) : cycles) +
            m_params.pipeline_cycles;
        m_due.push(due_item{due_item::TRANSFER_DONE, pl, pkt},
                   sc_time::from_value(cycles * m_cycle_ps));
        m_due.push(due_item{due_item::EGRESS_READY, pl, pkt},
                   sc_time::from_value(to_egress * m_cycle_ps));
    }
}

void packet_switch::transfer_done(plane_id pl, const packet& pkt) {
    plane& P = m_planes[pl];
    input_state& in = P.inputs[pkt.in];
    P.free_inputs.set(pkt.in);
    in.buffered_bytes -= pkt.bytes;
    add_depth(pkt.in, -1);
    P.outputs[pkt.out].busy = false;
    update_output_free(pl, pkt.out);
    if (in.holding) {
        const packet& h = in.held;
        if (in.buffered_bytes == 0 || in.buffered_bytes + h.bytes <= m_params.input_buffer_bytes) {
            in.holding = false;
            m_ports[pkt.in].stats.input_blocked_ps += now_ps() - in.held_since_ps;
            const packet taken = h;
            enqueue(pl, taken);
            send_end(pl, taken);
        }
    }
    // Room for a response may let a request go out on the same port.
    if (pl == RESP) try_send(REQ, pkt.in);
    request_arbitration(pl);
}

void packet_switch::update_output_free(plane_id pl, unsigned out) {
    plane& P = m_planes[pl];
    const output_state& o = P.outputs[out];
    const bool free = !o.busy && o.egress.empty();
    if (free && !P.free_outputs.test(out) && m_external_calls > 0) {
        if (P.fresh_ps != now_ps()) P.fresh_outputs.clear();
        P.fresh_outputs.set(out);
        P.fresh_ps = now_ps();
    }
    P.free_outputs.assign(out, free);
}

// ---- toward the downstream ----

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
    pkt.out = out;
    m_due.push(due_item{due_item::ACCEPTED, pl, pkt}, delay);
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
    if (pl == RESP && pkt.gp->has_mm()) pkt.gp->release();
    if (m_planes[pl].free_outputs.test(out)) request_arbitration(pl);
    try_send(pl, out);
}

void packet_switch::on_due() {
    due_item it;
    while (m_due.pop_due(it)) {
        switch (it.kind) {
        case due_item::TRANSFER_DONE:
            transfer_done(it.pl, it.pkt);
            break;
        case due_item::EGRESS_READY:
            m_planes[it.pl].outputs[it.pkt.out].egress.push_back(it.pkt);
            update_output_free(it.pl, it.pkt.out);
            try_send(it.pl, it.pkt.out);
            break;
        case due_item::ARRIVAL:
            if (take_or_hold(it.pl, it.pkt) && it.pkt.owes_end) send_end(it.pl, it.pkt);
            break;
        case due_item::ACCEPTED:
            downstream_accepted(it.pl, it.pkt.out, *it.pkt.gp);
            break;
        case due_item::ARBITRATE:
            if (m_next_arbitration_ps == now_ps()) m_next_arbitration_ps = ~uint64_t(0);
            m_arbitrate_event.notify(SC_ZERO_TIME);
            break;
        }
    }
}

// ---- observation ----

switch_stats packet_switch::stats() const {
    switch_stats total;
    const uint64_t now = now_ps();
    for (unsigned p = 0; p < m_params.ports; ++p) {
        const port_record& r = m_ports[p];
        switch_port_stats s = r.stats;
        if (now > 0)
            s.queue_depth_mean =
                double(r.depth_area + r.depth * (now - r.depth_since_ps)) / double(now);
        for (const plane& P : m_planes) {
            if (P.inputs[p].holding) s.input_blocked_ps += now - P.inputs[p].held_since_ps;
            if (P.outputs[p].outstanding)
                s.output_stalled_ps += now - P.outputs[p].stalled_since_ps;
        }
        total.forwarded += s.forwarded();
        total.max_queue_depth = std::max(total.max_queue_depth, s.queue_depth_max);
        total.ports.push_back(s);
    }
    return total;
}

void packet_switch::trace(tracer& t) const {
    auto add = [&](const auto& value, unsigned port, const char* what) {
        t.add(value, fmt::format("{}.port_{}.{}", name(), port, what));
    };
    for (unsigned p = 0; p < m_params.ports; ++p) {
        add(m_ports[p].depth, p, "queue_depth");
        add(m_planes[REQ].inputs[p].buffered_bytes, p, "req_buffer_bytes");
        add(m_planes[RESP].inputs[p].buffered_bytes, p, "resp_buffer_bytes");
        add(m_planes[REQ].inputs[p].holding, p, "req_in_blocked");
        add(m_planes[RESP].inputs[p].holding, p, "resp_in_blocked");
        add(m_planes[REQ].outputs[p].outstanding, p, "req_out_waiting");
        add(m_planes[RESP].outputs[p].outstanding, p, "resp_out_waiting");
    }
}

} // namespace lumen
