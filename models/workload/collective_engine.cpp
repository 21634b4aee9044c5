// SPDX-License-Identifier: Apache-2.0
#include "models/workload/collective_engine.h"
#include "models/core/calendar.h"
#include "models/core/sim_time.h"

#include "models/core/source_extension.h"

#include "models/switch/packet_switch.h"

#include "models/core/log.h"

#include <algorithm>
#include <cmath>

namespace lumen {

using namespace sc_core;

collective_engine::collective_engine(sc_module_name name, const collective_engine_params& params,
                                     collective_program program, backing_store& local_memory)
    : sc_module(name)
    , init_out("init_out")
    , flags("flags")
    , m_params(params)
    , m_program(std::move(program))
    , m_memory(local_memory)
    , m_op_end_ps(m_program.size(), 0) {
    init_out.register_nb_transport_bw(this, &collective_engine::nb_transport_bw);
    SC_METHOD(run);
    sensitive << m_run_event;
    dont_initialize();
    SC_METHOD(issue);
    sensitive << m_issue_event;
    dont_initialize();
}

void collective_engine::start() {
    m_stats.start_ps = now_ps();
    calendar::current().notify_kernel(m_run_event, 0);
}

void collective_engine::check_done(uint64_t now) {
    if (m_done_reported || !done()) return;
    m_done_reported = true;
    m_stats.finish_ps = now;
    report_done();
}

void collective_engine::flag_arrived(unsigned source, uint32_t tag) {
    ++m_arrived[key(source, tag)];
    if (m_waiting) calendar::current().notify_kernel(m_run_event, 0);
}

void collective_engine::run() {
    uint64_t now = now_ps();
    while (m_pc < m_program.size()) {
        mark_rounds(now);
        const collective_op& op = m_program[m_pc];
        switch (op.kind) {
        case collective_op::SEND: {
            if (op.bytes == 0) { // nothing to write: the peer may go on at once
                flags->raise(op.peer, m_params.gpu, op.tag);
                break;
            }
            send_state s{op.peer, op.tag, op.peer * m_params.memory_stride + op.dst, op.bytes,
                         std::make_unique<backing_store>(m_memory.mode())};
            s.data->copy_from(m_memory, op.src, 0, op.bytes);
            m_active.push_back(m_sends.size());
            m_sends.push_back(std::move(s));
            calendar::current().notify_kernel(m_issue_event, 0);
            break;
        }
        case collective_op::WAIT: {
            auto it = m_arrived.find(key(op.peer, op.tag));
            if (it == m_arrived.end() || it->second == 0) {
                if (!m_waiting) m_wait_since_ps = now;
                m_waiting = true;
                return; // flag_arrived() wakes us
            }
            if (--it->second == 0) m_arrived.erase(it);
            if (m_waiting) m_stats.wait_ps += now - m_wait_since_ps;
            m_waiting = false;
            break;
        }
        case collective_op::REDUCE:
        case collective_op::COPY: {
            if (m_busy) { // the bytes have moved
                m_busy = false;
                break;
            }
            uint64_t moved = 0; // through the memory port
            if (op.kind == collective_op::REDUCE) {
                // Reads dst and src, writes dst: 3 x bytes.
                const uint64_t words = op.bytes / 8;
                m_memory.add_words(op.dst, op.src, words * 8);
                moved = 3 * words * 8;
            } else { // reads src, writes dst: 2 x bytes
                m_memory.copy_from(m_memory, op.src, op.dst, op.bytes);
                moved = 2 * op.bytes;
            }
            const uint64_t ps = local_ps(moved);
            if (ps == 0) break;
            m_busy = true;
            m_stats.local_ps += ps;
            calendar::current().notify_kernel(m_run_event, ps);
            return;
        }
        case collective_op::COMPUTE:
            if (!m_busy) {
                m_busy = true;
                m_stats.compute_ps += op.compute_ps;
                calendar::current().notify_kernel(m_run_event, op.compute_ps);
                return;
            }
            m_busy = false;
            break;
        }
        m_op_end_ps[m_pc] = now;
        ++m_pc;
    }
    mark_rounds(now);
    check_done(now);
}

void collective_engine::mark_rounds(uint64_t now) {
    const std::vector<size_t>& ends = m_params.round_ends;
    while (m_round < ends.size() && ends[m_round] == m_pc) {
        m_stats.round_end_ps.push_back(now);
        if (m_params.round_done) m_params.round_done(m_round);
        ++m_round;
    }
}

uint64_t collective_engine::local_ps(uint64_t bytes) const {
    // Whole HBM cycles, as memory_port counts a transfer on its data bus.
    const double per_cycle = m_params.memory_GBps / m_params.memory_clock_ghz;
    const uint64_t cycles = uint64_t(std::ceil(double(bytes) / per_cycle - 1e-9));
    return cycles * sc_time(1.0 / m_params.memory_clock_ghz, SC_NS).value();
}

void collective_engine::issue() {
    uint64_t now = now_ps();
    while (!m_active.empty() && !m_waiting_end_req && m_outstanding < m_params.max_outstanding) {
        size_t id = m_active.front();
        send_state& s = m_sends[id];
        uint64_t address = s.dst_address + s.issued;
        uint64_t to_boundary = m_params.boundary_bytes - address % m_params.boundary_bytes;
        unsigned bytes =
            unsigned(std::min<uint64_t>({m_params.request_bytes, s.bytes - s.issued, to_boundary}));

        tlm::tlm_generic_payload* gp = m_pool.acquire(bytes);
        gp->set_command(tlm::TLM_WRITE_COMMAND);
        gp->set_address(address);
        s.data->read(s.issued, gp->get_data_ptr(), bytes);
        s.issued += bytes;
        ++s.outstanding;
        ++m_outstanding;
        ++m_stats.transactions.issued;
        m_in_flight[gp] = {id, now};
        if (s.issued == s.bytes) m_active.pop_front();

        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_time delay = SC_ZERO_TIME;
        tlm::tlm_sync_enum r = init_out->nb_transport_fw(*gp, phase, delay);
        if (r == tlm::TLM_ACCEPTED || (r == tlm::TLM_UPDATED && phase == tlm::BEGIN_REQ))
            m_waiting_end_req = gp;
        else if (r == tlm::TLM_COMPLETED || (r == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP))
            complete(*gp);
    }
}

tlm::tlm_sync_enum collective_engine::nb_transport_bw(tlm::tlm_generic_payload& gp,
                                                      tlm::tlm_phase& phase, sc_time&) {
    if (phase == tlm::END_REQ) {
        m_waiting_end_req = nullptr;
        calendar::current().notify_kernel(m_issue_event, 0);
        return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::BEGIN_RESP) {
        if (m_waiting_end_req == &gp) m_waiting_end_req = nullptr; // BEGIN_RESP implies END_REQ
        complete(gp);
        calendar::current().notify_kernel(m_issue_event, 0);
        phase = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    SC_REPORT_ERROR(name(), "unexpected phase on init_out");
    return tlm::TLM_COMPLETED;
}

void collective_engine::complete(tlm::tlm_generic_payload& gp) {
    uint64_t now = now_ps();
    auto it = m_in_flight.find(&gp);
    in_flight f = it->second;
    m_in_flight.erase(it);
    send_state& s = m_sends[f.send];
    if (given_up(gp)) {
        // No path answered: lost, not completed (finish() counts it); the
        // send never completes, so its flag is never raised.
        if (!m_warned_lost)
            log_warning(*this,
                        "write at 0x{:x} lost: no path to its target answered (further "
                        "losses are counted, not logged)",
                        gp.get_address());
        m_warned_lost = true;
        --m_outstanding;
        gp.release();
        return;
    }
    ++m_stats.transactions.completed;
    m_stats.latency.add(now - f.issue_ps);
    m_stats.latency_by_hops.add(switches_crossed(gp), now - f.issue_ps);
    if (gp.is_response_ok()) {
        m_stats.bytes_sent += gp.get_data_length();
    } else {
        ++m_stats.transactions.mismatches;
        log_warning(*this, "write at 0x{:x} failed: {}", gp.get_address(),
                    gp.get_response_string());
    }
    --s.outstanding;
    --m_outstanding;
    gp.release();
    if (s.outstanding == 0 && s.issued == s.bytes) {
        s.data.reset();
        flags->raise(s.peer, m_params.gpu, s.tag);
    }
    check_done(now);
}

void collective_engine::finish() {
    m_stats.transactions.lost = m_stats.transactions.issued - m_stats.transactions.completed;
}

void collective_engine::trace(tracer& t) const {
    t.add(m_outstanding, std::string(name()) + ".outstanding");
    t.add(m_waiting, std::string(name()) + ".waiting");
    t.add(m_busy, std::string(name()) + ".busy");
}

} // namespace lumen
