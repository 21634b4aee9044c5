// SPDX-License-Identifier: Apache-2.0
// Traffic for testing and benchmarking the packet switch: a saturating
// initiator per port (the device's DMA engine) and a memory-like target per
// port (the device's memory), with every legal way of answering the TLM base
// protocol and optional back-pressure on both sides.
#pragma once

#include "models/core/payload_pool.h"
#include "models/core/random.h"
#include "models/core/stats.h"
#include "models/core/timed_queue.h"
#include "models/switch/packet_switch.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <vector>

namespace lumen::test {

// Each device's memory is a 4 GiB window: the port is the address's top half.
inline uint64_t port_address(unsigned port, uint64_t offset) {
    return (uint64_t(port) << 32) | offset;
}
inline unsigned port_of(uint64_t address) {
    return unsigned(address >> 32);
}
// The content a memory holds at an address, and what initiators write there.
inline unsigned char pattern_byte(uint64_t address) {
    return static_cast<unsigned char>((address * 0x9e3779b1u) >> 24);
}

struct initiator_params {
    unsigned destinations = 1; // uniform i.i.d. over ports [0, destinations)
    unsigned data_bytes = 64;
    double read_fraction = 0; // the rest are writes
    uint64_t max_requests = std::numeric_limits<uint64_t>::max();
    // 0: saturated (a request always offered). Otherwise Bernoulli arrivals:
    // in each slot of slot_ps a request arrives with this probability and
    // waits in an unbounded source queue.
    double injection_rate = 0;
    uint64_t slot_ps = 0;
    // Answer BEGIN_RESP with TLM_ACCEPTED and END_RESP this much later (0:
    // take every response at once with TLM_COMPLETED).
    uint64_t end_resp_delay_ps = 0;
    uint64_t seed = 1;
    // Write and check the data bytes (off when only the switch's speed counts).
    bool touch_data = true;
};

// Offers requests back to back (the next BEGIN_REQ as soon as the previous
// one has END_REQ), either always (saturated) or while its source queue of
// Bernoulli arrivals is not empty. Checks every response.
class traffic_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<traffic_initiator> socket;

    traffic_initiator(const sc_core::sc_module_name& name, const initiator_params& params);

    transaction_counts counts; // checked: read data or write status verified
    // Hash of the order and time of every completion: same seed, same value.
    uint64_t signature = 0;
    sc_core::sc_time last_completion;
    size_t payloads_in_use() const { return m_pool.in_use(); }

private:
    void send();
    void arrival();
    void end_responses();
    void complete(tlm::tlm_generic_payload& gp);
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);

    const initiator_params m_params;
    payload_pool m_pool;
    random_stream m_random;
    sc_core::sc_event m_send_event;
    sc_core::sc_event m_arrival_event;
    uint64_t m_backlog = 0; // Bernoulli arrivals not yet offered
    bool m_waiting_end_req = false;
    uint64_t m_next_offset = 0;
    timed_queue<tlm::tlm_generic_payload*> m_end_resp;
};

enum class target_style {
    UPDATED_END_REQ,    // TLM_UPDATED + END_REQ, BEGIN_RESP later
    ACCEPTED,           // TLM_ACCEPTED, END_REQ and BEGIN_RESP later
    COMPLETED,          // TLM_COMPLETED: response on the return path
    UPDATED_BEGIN_RESP, // TLM_UPDATED + BEGIN_RESP on the return path
};

struct target_params {
    unsigned port = 0;
    target_style style = target_style::UPDATED_END_REQ;
    uint64_t accept_interval_ps = 0;  // at most one request per interval
    uint64_t response_latency_ps = 0; // acceptance to BEGIN_RESP
    uint64_t annotate_ps = 0;         // delay annotated on return paths
    bool touch_data = true;           // fill read data, check written data
};

class memory_target : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<memory_target> socket;

    memory_target(const sc_core::sc_module_name& name, const target_params& params);

    uint64_t received = 0;
    uint64_t misrouted = 0; // addresses of another port's memory
    uint64_t write_mismatches = 0;
    // How requests were answered: END_REQ later, the response on the return
    // path (TLM_UPDATED + BEGIN_RESP, or TLM_COMPLETED).
    uint64_t end_req_later = 0;
    uint64_t begin_resp_on_return = 0;
    uint64_t completed_on_return = 0;
    uint64_t debug_accesses = 0;
    // Arrival time of the last BEGIN_REQ.
    sc_core::sc_time last_arrival;

private:
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload& gp);
    // Fills read data, checks written data.
    void execute(tlm::tlm_generic_payload& gp);
    void accept_held();
    void respond();

    const target_params m_params;
    uint64_t m_next_accept_ps = 0;
    tlm::tlm_generic_payload* m_held = nullptr;
    sc_core::sc_event m_accept_event;
    timed_queue<tlm::tlm_generic_payload*> m_ready;
    std::deque<tlm::tlm_generic_payload*> m_responses;
    bool m_resp_outstanding = false;
};

// One switch, one initiator and one target per port, all bound.
struct switch_rig {
    std::vector<std::unique_ptr<traffic_initiator>> initiators;
    std::vector<std::unique_ptr<memory_target>> targets;
    std::unique_ptr<packet_switch> sw;

    // `name` prefixes every module, so several rigs can share one elaboration.
    switch_rig(const std::string& name, const switch_params& sp, initiator_params ip,
               target_params tp);

    uint64_t requests_forwarded() const;
    transaction_counts total_counts() const;
};

} // namespace lumen::test
