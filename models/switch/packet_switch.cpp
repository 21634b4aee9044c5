// SPDX-License-Identifier: Apache-2.0
#include "models/switch/packet_switch.h"

#include "models/core/log.h"
#include "models/core/posted_extension.h"
#include "models/switch/route_back.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using namespace sc_core;
using namespace tlm;

namespace {

const switch_params& validated(const char* who, const switch_params& p) {
    auto fail = [who](const std::string& what) { SC_REPORT_ERROR(who, what.c_str()); };
    if (p.ports == 0 || p.ports > 65535)
        fail(fmt::format("switch params: ports {} is not in [1, 65535]", p.ports));
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
    , m_ports(params.ports) {
    for (unsigned p = 0; p < params.ports; ++p) {
        port_in[p].register_nb_transport_fw(this, &packet_switch::nb_transport_fw, int(p));
        port_in[p].register_b_transport(this, &packet_switch::refuse_b_transport, int(p));
        port_in[p].register_transport_dbg(this, &packet_switch::transport_dbg, int(p));
        port_out[p].register_nb_transport_bw(this, &packet_switch::nb_transport_bw, int(p));
    }
    m_due.bind<&packet_switch::on_due>(this);
    m_arbitrate_wake.bind<&packet_switch::on_arbitrate>(this);
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
    pkt.in = uint16_t(in);
    pkt.out = uint16_t(out);
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
        if (posted_extension* p = posted(gp)) {
            // No response comes back: no way back to record, nothing in flight.
            ++p->switches;
        } else {
            // A pooled payload's record is empty when its request starts out.
            if (back->count == 0) back->crossed = 0;
            back->hops[back->count++] = {this, unsigned(port)};
            back->crossed = back->count;
            ++m_in_flight;
        }
        if (gp.has_mm()) gp.acquire();
        if (arrive(REQ, make_packet(REQ, gp, unsigned(port), out), true, delay)) {
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

void packet_switch::on_due() {
    const uint64_t now = now_ps();
    m_in_process = true;
    due_item it;
    while (m_due.take_due(it, now)) {
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
            if (take_or_hold(it.pl, it.pkt, it.owes_end) && it.owes_end) send_end(it.pl, it.pkt);
            break;
        case due_item::ACCEPTED:
            downstream_accepted(it.pl, it.pkt.out, *it.pkt.gp);
            break;
        }
    }
    // Arbitration runs later at this time, after every wake already due
    // now had its turn.
    if (m_next_arbitration_ps == now) {
        m_next_arbitration_ps = ~uint64_t(0);
        m_arbitrate_wake.notify_at(now, now);
    }
    m_in_process = false;
    m_due.arm(m_next_arbitration_ps, now); // once, for whichever comes first
}

void packet_switch::push_due(const due_item& item, uint64_t delay_ps) {
    if (m_in_process)
        m_due.push_quiet(item, now_ps() + delay_ps);
    else
        m_due.push(item, sc_time::from_value(delay_ps));
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
