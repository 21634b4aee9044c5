// SPDX-License-Identifier: Apache-2.0
// packet_switch's crossbar: arbitration once per plane and core-clock edge,
// and the transfer of each granted packet from its input to its output.
#include "models/switch/packet_switch.h"

#include <algorithm>

namespace lumen {

using namespace sc_core;
using namespace tlm;

// Arbitration runs once per plane and core-clock edge, after the switch's
// own timed work at that edge (so it sees the transfers that ended there),
// and ignores what calls from outside changed at that edge (they are seen at
// the next one). Its outcome does not depend on the order in which wakes run
// within a time step.
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
        m_arbitrate_wake.notify_at(now, now);
        return;
    }
    if (m_next_arbitration_ps > now && m_next_arbitration_ps <= edge_ps) return;
    m_next_arbitration_ps = edge_ps;
    if (!m_in_process) m_due.notify_at(edge_ps, now);
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
            // Without a popcount instruction in the baseline x86-64 target,
            // __builtin_popcountll is a library call: a word's lowest bit
            // cleared tells one requester from two or more.
            unsigned contenders = 0;
            for (unsigned v = 0; v < req.word_count() && contenders < 2; ++v) {
                const uint64_t free_requesters = req.word(v) & P.free_inputs.word(v);
                if (free_requesters != 0)
                    contenders += (free_requesters & (free_requesters - 1)) != 0 ? 2 : 1;
            }
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
        push_due(due_item{due_item::TRANSFER_DONE, pl, pkt}, cycles * m_cycle_ps);
        push_due(due_item{due_item::EGRESS_READY, pl, pkt}, to_egress * m_cycle_ps);
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

} // namespace lumen
