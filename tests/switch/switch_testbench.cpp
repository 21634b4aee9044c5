// SPDX-License-Identifier: Apache-2.0
#include "tests/switch/switch_testbench.h"

#include <fmt/format.h>

namespace lumen::test {

using namespace sc_core;
using namespace tlm;

// ---- traffic_initiator ----

traffic_initiator::traffic_initiator(const sc_module_name& name, const initiator_params& params)
    : sc_module(name)
    , socket("socket")
    , m_params(params)
    , m_random(params.seed)
    , m_send_event("send_event") {
    SC_HAS_PROCESS(traffic_initiator);
    socket.register_nb_transport_bw(this, &traffic_initiator::nb_transport_bw);
    SC_METHOD(send); // also runs once at start
    sensitive << m_send_event;
    if (params.injection_rate > 0) {
        SC_METHOD(arrival); // also runs once at start
        sensitive << m_arrival_event;
    }
    m_end_resp.bind<&traffic_initiator::end_responses>(this);
}

void traffic_initiator::arrival() {
    // Bernoulli per slot: the gap to the next arrival is geometric, so one
    // event per arrival, none per empty slot.
    if (sc_time_stamp() > SC_ZERO_TIME || m_random.uniform() < m_params.injection_rate) {
        ++m_backlog;
        m_send_event.notify(SC_ZERO_TIME);
    }
    m_arrival_event.notify(
        sc_time::from_value(m_random.geometric(m_params.injection_rate) * m_params.slot_ps));
}

void traffic_initiator::send() {
    if (m_waiting_end_req || counts.issued >= m_params.max_requests) return;
    if (m_params.injection_rate > 0) {
        if (m_backlog == 0) return;
        --m_backlog;
    }
    const unsigned dest = unsigned(m_random.below(m_params.destinations));
    const bool read = m_params.read_fraction > 0 && m_random.uniform() < m_params.read_fraction;
    tlm_generic_payload* gp = m_pool.acquire(m_params.data_bytes);
    const uint64_t address = port_address(dest, m_next_offset);
    m_next_offset = (m_next_offset + m_params.data_bytes) & 0x7fffffffu;
    gp->set_command(read ? TLM_READ_COMMAND : TLM_WRITE_COMMAND);
    gp->set_address(address);
    unsigned char* data = gp->get_data_ptr();
    for (unsigned k = 0; m_params.touch_data && k < m_params.data_bytes; ++k)
        data[k] = read ? 0 : pattern_byte(address + k);
    ++counts.issued;

    tlm_phase phase = BEGIN_REQ;
    sc_time delay = SC_ZERO_TIME;
    const tlm_sync_enum r = socket->nb_transport_fw(*gp, phase, delay);
    if (r == TLM_ACCEPTED) {
        m_waiting_end_req = true;
        return;
    }
    if (r == TLM_COMPLETED || phase == BEGIN_RESP) {
        complete(*gp);
        if (r == TLM_UPDATED) {
            phase = END_RESP;
            sc_time zero = SC_ZERO_TIME;
            socket->nb_transport_fw(*gp, phase, zero);
        }
        gp->release();
    }
    m_send_event.notify(delay);
}

tlm_sync_enum traffic_initiator::nb_transport_bw(tlm_generic_payload& gp, tlm_phase& phase,
                                                 sc_time& delay) {
    if (phase == END_REQ) {
        m_waiting_end_req = false;
        m_send_event.notify(delay);
        return TLM_ACCEPTED;
    }
    if (phase == BEGIN_RESP) {
        complete(gp);
        if (m_params.end_resp_delay_ps == 0) {
            gp.release();
            return TLM_COMPLETED;
        }
        m_end_resp.push(&gp, sc_time::from_value(m_params.end_resp_delay_ps));
        return TLM_ACCEPTED;
    }
    SC_REPORT_ERROR(name(), "unexpected phase on the backward path");
    return TLM_COMPLETED;
}

void traffic_initiator::complete(tlm_generic_payload& gp) {
    ++counts.completed;
    bool good = gp.is_response_ok();
    if (good && gp.is_read() && m_params.touch_data) {
        const unsigned char* data = gp.get_data_ptr();
        for (unsigned k = 0; k < gp.get_data_length(); ++k)
            good = good && data[k] == pattern_byte(gp.get_address() + k);
    }
    ++(good ? counts.checked : counts.mismatches);
    last_completion = sc_time_stamp();
    signature = (signature ^ sc_time_stamp().value() ^ (gp.get_address() << 1)) * 0x100000001b3ULL;
}

void traffic_initiator::end_responses() {
    tlm_generic_payload* gp;
    while (m_end_resp.pop_due(gp)) {
        tlm_phase phase = END_RESP;
        sc_time delay = SC_ZERO_TIME;
        socket->nb_transport_fw(*gp, phase, delay);
        gp->release();
    }
}

// ---- memory_target ----

memory_target::memory_target(const sc_module_name& name, const target_params& params)
    : sc_module(name)
    , socket("socket")
    , m_params(params)
    , m_accept_event("accept_event") {
    SC_HAS_PROCESS(memory_target);
    socket.register_nb_transport_fw(this, &memory_target::nb_transport_fw);
    socket.register_transport_dbg(this, &memory_target::transport_dbg);
    SC_METHOD(accept_held);
    sensitive << m_accept_event;
    dont_initialize();
    m_ready.bind<&memory_target::respond>(this);
}

tlm_sync_enum memory_target::nb_transport_fw(tlm_generic_payload& gp, tlm_phase& phase,
                                             sc_time& delay) {
    if (phase == END_RESP) {
        m_resp_outstanding = false;
        m_ready.push(nullptr, SC_ZERO_TIME); // wakes respond() for the next one
        return TLM_COMPLETED;
    }
    if (phase != BEGIN_REQ) {
        SC_REPORT_ERROR(name(), "unexpected phase on the forward path");
        return TLM_COMPLETED;
    }
    ++received;
    last_arrival = sc_time_stamp() + delay;
    if (port_of(gp.get_address()) != m_params.port) ++misrouted;
    const uint64_t now = sc_time_stamp().value();
    if (m_held) SC_REPORT_ERROR(name(), "BEGIN_REQ before END_REQ of the previous one");
    if (m_next_accept_ps > now || m_params.style == target_style::ACCEPTED) {
        m_held = &gp;
        ++end_req_later;
        m_accept_event.notify(
            sc_time::from_value(m_next_accept_ps > now ? m_next_accept_ps - now : 0));
        return TLM_ACCEPTED;
    }
    m_next_accept_ps = now + m_params.accept_interval_ps;
    execute(gp);
    delay += sc_time::from_value(m_params.annotate_ps);
    if (m_params.style == target_style::COMPLETED) {
        ++completed_on_return;
        return TLM_COMPLETED;
    }
    if (m_params.style == target_style::UPDATED_BEGIN_RESP && !m_resp_outstanding &&
        m_responses.empty() && m_ready.empty()) {
        m_resp_outstanding = true;
        ++begin_resp_on_return;
        phase = BEGIN_RESP;
        return TLM_UPDATED;
    }
    m_ready.push(&gp, delay + sc_time::from_value(m_params.response_latency_ps));
    phase = END_REQ;
    return TLM_UPDATED;
}

unsigned int memory_target::transport_dbg(tlm_generic_payload& gp) {
    ++debug_accesses;
    execute(gp);
    return gp.get_data_length();
}

void memory_target::execute(tlm_generic_payload& gp) {
    unsigned char* data = gp.get_data_ptr();
    for (unsigned k = 0; m_params.touch_data && k < gp.get_data_length(); ++k) {
        const unsigned char expected = pattern_byte(gp.get_address() + k);
        if (gp.is_read())
            data[k] = expected;
        else if (data[k] != expected)
            ++write_mismatches;
    }
    gp.set_response_status(TLM_OK_RESPONSE);
}

void memory_target::accept_held() {
    tlm_generic_payload* gp = m_held;
    m_held = nullptr;
    m_next_accept_ps = sc_time_stamp().value() + m_params.accept_interval_ps;
    execute(*gp);
    tlm_phase phase = END_REQ;
    sc_time delay = SC_ZERO_TIME;
    socket->nb_transport_bw(*gp, phase, delay);
    m_ready.push(gp, sc_time::from_value(m_params.response_latency_ps));
}

void memory_target::respond() {
    tlm_generic_payload* gp;
    while (m_ready.pop_due(gp))
        if (gp) m_responses.push_back(gp);
    while (!m_resp_outstanding && !m_responses.empty()) {
        gp = m_responses.front();
        m_responses.pop_front();
        tlm_phase phase = BEGIN_RESP;
        sc_time delay = SC_ZERO_TIME;
        if (socket->nb_transport_bw(*gp, phase, delay) == TLM_ACCEPTED) m_resp_outstanding = true;
    }
}

// ---- switch_rig ----

switch_rig::switch_rig(const std::string& name, const switch_params& sp, initiator_params ip,
                       target_params tp) {
    sw = std::make_unique<packet_switch>((name + "_switch").c_str(), sp,
                                         [](const tlm::tlm_generic_payload& gp, unsigned, bool) {
                                             return port_of(gp.get_address());
                                         });
    const uint64_t seed = ip.seed;
    for (unsigned p = 0; p < sp.ports; ++p) {
        ip.seed = seed * 7919 + p;
        tp.port = p;
        initiators.push_back(std::make_unique<traffic_initiator>(
            fmt::format("{}_initiator_{}", name, p).c_str(), ip));
        targets.push_back(
            std::make_unique<memory_target>(fmt::format("{}_target_{}", name, p).c_str(), tp));
        initiators[p]->socket.bind(sw->port_in[p]);
        sw->port_out[p].bind(targets[p]->socket);
    }
}

uint64_t switch_rig::requests_forwarded() const {
    uint64_t n = 0;
    for (const auto& s : sw->stats().ports) n += s.requests_forwarded;
    return n;
}

transaction_counts switch_rig::total_counts() const {
    transaction_counts total;
    for (const auto& i : initiators) total += i->counts;
    return total;
}

} // namespace lumen::test
