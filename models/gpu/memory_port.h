// SPDX-License-Identifier: Apache-2.0
// memory_port: one HBM port of a GPU, as seen from the interconnect. An AT
// target with a bounded request queue (END_REQ is withheld when it is full),
// a number of accesses in service at once, a data bus of fixed bandwidth and
// an access latency, all in whole HBM clock cycles. It holds real bytes, and
// executes a write once however many copies of it its source sends (a
// duplicate_filter on the request's source and sequence number). A posted
// write (models/core/posted_extension.h) is stored and answers nothing: its
// source hears of it from the port, not over the fabric.
#pragma once

#include "models/core/nonblocking_target.h"
#include "models/core/timed_queue.h"
#include "models/core/tracer.h"
#include "models/gpu/backing_store.h"
#include "models/gpu/duplicate_filter.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>

namespace lumen {

struct memory_port_params {
    double bandwidth_GBps = 100.0; // data bus bandwidth
    double latency_ns = 100.0;     // access latency, added after the data transfer
    double clock_ghz = 1.6;        // HBM clock: every delay is whole cycles of it
    unsigned concurrent_accesses = 64;
    unsigned queue_depth = 32; // requests accepted but not yet in service
    uint64_t base_address = 0;
    uint64_t size_bytes = 1ULL << 34;
    data_mode data = data_mode::REAL; // real bytes, or a checksum per block (sim.data)
};

struct memory_port_stats {
    uint64_t reads = 0, writes = 0;
    uint64_t bytes_read = 0, bytes_written = 0;
    uint64_t address_errors = 0;
    uint64_t duplicate_writes = 0; // reissued writes that had landed: answered, not written
    uint64_t posted_writes = 0;    // of the writes, those that asked for no response
    unsigned max_queue_depth = 0;
};

class memory_port : public sc_core::sc_module, private nonblocking_target {
public:
    tlm_utils::simple_target_socket<memory_port> mem_target;

    memory_port(sc_core::sc_module_name name, const memory_port_params& params);

    const memory_port_params& params() const { return m_params; }
    const memory_port_stats& stats() const { return m_stats; }
    backing_store& store() { return m_store; }

    // Unloaded access time of `bytes`: transfer plus latency, in whole cycles.
    sc_core::sc_time access_time(unsigned bytes) const;

    // Fault injection: sees (and may change) each request as its access
    // completes, before it touches the store: what the path past the links'
    // CRCs could do to it (a flipped word, a wrong address, a lost write).
    std::function<void(tlm::tlm_generic_payload&)> on_access;

    void trace(tracer& t) const;

private:
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload& gp);
    void service();  // starts accesses, admits a waiting request, sends responses
    void kick();     // runs service() now, once at a time
    void complete(); // finishes accesses that are due
    bool in_range(const tlm::tlm_generic_payload& gp) const;

    memory_port_params m_params;
    memory_port_stats m_stats;
    backing_store m_store;
    duplicate_filter m_seen;
    sc_core::sc_time m_cycle;
    double m_bytes_per_cycle;
    uint64_t m_latency_cycles;
    uint64_t transfer_cycles(unsigned bytes) const;
    // ceil(cycles), or an SC_ERROR naming `parameter` (= `value`) when that
    // many cycles overflow the clock.
    uint64_t whole_cycles(double cycles, const char* parameter, double value) const;

    std::deque<tlm::tlm_generic_payload*> m_queue;         // accepted, waiting for service
    tlm::tlm_generic_payload* m_waiting_end_req = nullptr; // queue was full
    timed_queue<tlm::tlm_generic_payload*> m_in_service;
    std::deque<tlm::tlm_generic_payload*> m_responses; // done, waiting to be sent
    bool m_response_in_flight = false;
    uint64_t m_bus_free_ps = 0;
    unsigned m_outstanding = 0; // in service or responding
    unsigned m_queue_depth = 0; // traced copy of m_queue.size()
    bool m_in_service_call = false;
    bool m_again = false;
};

} // namespace lumen
