// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/memory_port.h"
#include "models/core/sim_time.h"

#include "models/core/posted_extension.h"
#include "models/core/source_extension.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lumen {

using namespace sc_core;

memory_port::memory_port(sc_module_name name, const memory_port_params& params)
    : sc_module(name)
    , mem_target("mem_target")
    , m_params(params)
    , m_store(params.data)
    , m_cycle(1.0 / params.clock_ghz, SC_NS)
    , m_bytes_per_cycle(params.bandwidth_GBps / params.clock_ghz)
    // The small epsilon keeps an exact product (100 ns at 1.6 GHz) from
    // rounding up a cycle through floating-point noise.
    , m_latency_cycles(whole_cycles(params.latency_ns * params.clock_ghz - 1e-9, "latency_ns",
                                    params.latency_ns)) {
    mem_target.register_nb_transport_fw(this, &memory_port::nb_transport_fw);
    mem_target.register_b_transport(this, &memory_port::refuse_b_transport);
    mem_target.register_transport_dbg(this, &memory_port::transport_dbg);
    m_in_service.bind<&memory_port::complete>(this);
}

// A delay whose end a 64-bit picosecond clock cannot hold (a bandwidth of
// 1e-300 GB/s) is an error of the parameters: converting such a double to
// an integer is undefined behaviour, and it would wrap to a short delay.
uint64_t memory_port::whole_cycles(double cycles, const char* parameter, double value) const {
    // Half the clock's range: the end of a transfer and its latency add up.
    const double cycle_ps = std::max(1.0, double(m_cycle.value()));
    const double max_cycles = double(std::numeric_limits<uint64_t>::max() / 2) / cycle_ps;
    if (std::ceil(cycles) < max_cycles) return uint64_t(std::ceil(cycles));
    SC_REPORT_ERROR(name(), fmt::format("{} = {:g}: a delay of {:g} cycles at {:g} GHz is beyond "
                                        "the 64-bit picosecond clock",
                                        parameter, value, std::ceil(cycles), m_params.clock_ghz)
                                .c_str());
    return uint64_t(max_cycles); // when SC_ERROR is set not to throw
}

uint64_t memory_port::transfer_cycles(unsigned bytes) const {
    return whole_cycles(bytes / m_bytes_per_cycle - 1e-9, "bandwidth_GBps",
                        m_params.bandwidth_GBps);
}

sc_time memory_port::access_time(unsigned bytes) const {
    return m_cycle * double(transfer_cycles(bytes) + m_latency_cycles);
}

bool memory_port::in_range(const tlm::tlm_generic_payload& gp) const {
    uint64_t a = gp.get_address();
    return a >= m_params.base_address &&
           a + gp.get_data_length() <= m_params.base_address + m_params.size_bytes;
}

tlm::tlm_sync_enum memory_port::nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                                sc_time&) {
    if (phase == tlm::BEGIN_REQ) {
        kick(); // start what can start first: the queue may have room after it
        if (m_queue.size() < m_params.queue_depth) {
            m_queue.push_back(&gp);
            m_queue_depth = unsigned(m_queue.size());
            m_stats.max_queue_depth = std::max(m_stats.max_queue_depth, m_queue_depth);
            kick(); // and this request may start at once
            phase = tlm::END_REQ;
            return tlm::TLM_UPDATED;
        }
        m_waiting_end_req = &gp;
        return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::END_RESP) {
        m_response_in_flight = false;
        --m_outstanding;
        kick();
        return tlm::TLM_COMPLETED;
    }
    SC_REPORT_ERROR(name(), "unexpected phase on mem_target");
    return tlm::TLM_COMPLETED;
}

void memory_port::service() {
    // Start what the concurrency limit allows; the data bus serializes transfers.
    while (!m_queue.empty() && m_outstanding < m_params.concurrent_accesses) {
        tlm::tlm_generic_payload* gp = m_queue.front();
        m_queue.pop_front();
        ++m_outstanding;
        uint64_t now = now_ps();
        uint64_t cycle = m_cycle.value();
        uint64_t start = std::max(now, m_bus_free_ps);
        start = (start + cycle - 1) / cycle * cycle; // next HBM clock edge
        m_bus_free_ps = start + transfer_cycles(gp->get_data_length()) * cycle;
        uint64_t done = m_bus_free_ps + m_latency_cycles * cycle;
        m_in_service.push(gp, sc_time::from_value(done - now));
    }
    if (m_waiting_end_req && m_queue.size() < m_params.queue_depth) {
        tlm::tlm_generic_payload* gp = m_waiting_end_req;
        m_waiting_end_req = nullptr;
        m_queue.push_back(gp);
        tlm::tlm_phase phase = tlm::END_REQ;
        sc_time delay = SC_ZERO_TIME;
        mem_target->nb_transport_bw(*gp, phase, delay);
        m_again = true; // the queue changed under us
    }
    m_queue_depth = unsigned(m_queue.size());
    m_stats.max_queue_depth = std::max(m_stats.max_queue_depth, m_queue_depth);

    // One response at a time on the socket, as the base protocol asks.
    while (!m_response_in_flight && !m_responses.empty()) {
        tlm::tlm_generic_payload* gp = m_responses.front();
        m_responses.pop_front();
        tlm::tlm_phase phase = tlm::BEGIN_RESP;
        sc_time delay = SC_ZERO_TIME;
        tlm::tlm_sync_enum s = mem_target->nb_transport_bw(*gp, phase, delay);
        if (s == tlm::TLM_COMPLETED || (s == tlm::TLM_UPDATED && phase == tlm::END_RESP)) {
            --m_outstanding;
            m_again = true; // a concurrency slot is free
        } else {
            m_response_in_flight = true;
        }
    }
}

void memory_port::complete() {
    tlm::tlm_generic_payload* gp;
    while (m_in_service.pop_due(gp)) {
        if (on_access) on_access(*gp);
        if (!in_range(*gp)) {
            ++m_stats.address_errors;
            gp->set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        } else {
            uint64_t offset = gp->get_address() - m_params.base_address;
            // A reissue of a request executed already: a write must not land
            // twice (a later write to the same bytes may have come between);
            // a read has no effect and is served again.
            const source_extension* source = gp->get_extension<source_extension>();
            const bool first = !source || m_seen.first_time(source->gpu, source->seq);
            if (gp->is_write() && !first) {
                ++m_stats.duplicate_writes;
            } else if (gp->is_write()) {
                m_store.write(offset, gp->get_data_ptr(), gp->get_data_length());
                ++m_stats.writes;
                m_stats.bytes_written += gp->get_data_length();
            } else {
                m_store.read(offset, gp->get_data_ptr(), gp->get_data_length());
                ++m_stats.reads;
                m_stats.bytes_read += gp->get_data_length();
            }
            gp->set_response_status(tlm::TLM_OK_RESPONSE);
        }
        if (posted_extension* p = posted(*gp)) {
            // A posted write is done once stored: no response, its slot frees now.
            ++m_stats.posted_writes;
            --m_outstanding;
            p->sink->landed(*gp);
            continue;
        }
        m_responses.push_back(gp);
    }
    kick();
}

void memory_port::kick() {
    // service() calls out through the socket, and the far side may call back
    // in (a new BEGIN_REQ inside our END_REQ): run it once at a time, again
    // while something changed, instead of a delta cycle per change.
    if (m_in_service_call) {
        m_again = true;
        return;
    }
    m_in_service_call = true;
    do {
        m_again = false;
        service();
    } while (m_again);
    m_in_service_call = false;
}

unsigned int memory_port::transport_dbg(tlm::tlm_generic_payload& gp) {
    if (!in_range(gp)) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    uint64_t offset = gp.get_address() - m_params.base_address;
    if (gp.is_write())
        m_store.write(offset, gp.get_data_ptr(), gp.get_data_length());
    else
        m_store.read(offset, gp.get_data_ptr(), gp.get_data_length());
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return gp.get_data_length();
}

void memory_port::trace(tracer& t) const {
    t.add(m_outstanding, std::string(name()) + ".outstanding");
    t.add(m_queue_depth, std::string(name()) + ".queue_depth");
}

} // namespace lumen
