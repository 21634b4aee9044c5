// SPDX-License-Identifier: Apache-2.0
// An input-queued packet switch chip (an NVSwitch-like crossbar) at the
// transaction level: N bidirectional ports, input buffers in bytes with
// back-pressure toward the links, FIFO or virtual output queues, a
// round-robin or iSLIP crossbar arbiter on the core clock, a fixed pipeline
// latency, store-and-forward or cut-through.
//
// Requests and responses travel on two separate crossbar planes (as AXI
// interconnects and most NoCs keep request and response networks apart), each
// with its own input buffers, queues, arbiter and output datapaths. A response
// then never waits behind a request, which keeps the switch free of protocol
// deadlock, and the request plane is exactly the classical input-queued switch
// whose saturation throughput the tests check.
//
// Timing, all in whole core cycles: a packet arriving from a link is seen by
// the arbiter at the first clock edge after its arrival (an input register);
// once granted it holds its crossbar input and output for
// ceil(bytes / (port_bytes_per_cycle * speedup)) cycles (at least one), bytes
// being header_bytes plus the data of a write request or a read response. It
// reaches the output pipeline_cycles after its last byte crossed
// (store-and-forward) or after its header crossed (cut_through; the output
// stays busy until the tail has crossed). An output then offers it downstream
// and takes no new packet until the downstream accepted it (END_REQ or
// END_RESP, or the return path) and nothing else waits there.
//
// Responses find their way back through a small record carried in a payload
// extension (one entry per switch crossed), so a hop allocates nothing.
#pragma once

#include "models/core/nonblocking_target.h"
#include "models/core/ring.h"
#include "models/core/sim_time.h"
#include "models/core/timed_queue.h"
#include "models/core/tracer.h"
#include "models/host/control_bus.h"
#include "models/switch/arbiter.h"
#include "models/switch/queue_set.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lumen {

enum class queueing_kind {
    INPUT_FIFO, // one FIFO per input: head-of-line blocking
    VOQ,        // one virtual output queue per (input, output)
};

// The defaults are the config's (models/platform/switch_config.cpp declares
// each switch.* key with the default of the field it fills).
struct switch_params {
    unsigned ports = 64;                         // switch.ports
    queueing_kind queueing = queueing_kind::VOQ; // switch.queueing
    arbiter_kind arbiter = arbiter_kind::ISLIP;  // switch.arbiter
    unsigned islip_iterations = 1;               // switch.islip_iterations (>= 1)
    unsigned speedup = 1;                        // switch.speedup: crossbar rate / port rate
    bool cut_through = false;                    // switch.cut_through
    double core_clock_ghz = 1.5;                 // switch.core_clock_ghz: GHz
    unsigned pipeline_cycles = 4;                // switch.pipeline_cycles: core cycles
    unsigned port_bytes_per_cycle = 64;          // switch.port_bytes_per_cycle: B per core
                                                 //   cycle, crossbar datapath of one port
    unsigned header_bytes = 16;                  // switch.header_bytes: B added to each packet
    uint64_t input_buffer_bytes = 65536;         // switch.input_buffer_bytes: B per input
                                                 //   port and plane (request, response)
};

// The output port of a request that arrived on `in_port` (no_route when
// there is none). A debug access (`debug`) must not change the route's
// state (a spraying route's turn).
constexpr unsigned no_route = ~0u;
using switch_route =
    std::function<unsigned(const tlm::tlm_generic_payload& request, unsigned in_port, bool debug)>;

// Switches a request crossed on its way to its target, read at the target or
// from its response (0 when it crossed none).
unsigned switches_crossed(const tlm::tlm_generic_payload& gp);

// Per port. "Forwarded" counts packets that left through the port (requests
// toward its device's memory, responses toward its device's initiator).
struct switch_port_stats {
    uint64_t requests_forwarded = 0;
    uint64_t responses_forwarded = 0;
    uint64_t bytes_forwarded = 0; // header and data
    uint64_t queue_depth_max = 0; // packets in this port's input buffers
    double queue_depth_mean = 0;  // time-weighted over the run so far
    uint64_t request_buffer_bytes_max = 0;
    uint64_t response_buffer_bytes_max = 0;
    uint64_t input_blocked_ps = 0;      // arrivals held back (END_REQ/END_RESP withheld)
    uint64_t output_stalled_ps = 0;     // waiting for the downstream to accept
    uint64_t arbitration_conflicts = 0; // arbitrations in which several inputs wanted it

    uint64_t forwarded() const { return requests_forwarded + responses_forwarded; }
};

struct switch_stats {
    std::vector<switch_port_stats> ports;
    uint64_t forwarded = 0;       // packets, both planes, all ports
    uint64_t max_queue_depth = 0; // packets, max over ports
};

class packet_switch : public sc_core::sc_module, private nonblocking_target {
public:
    using target_socket = tlm_utils::simple_target_socket_tagged<packet_switch>;
    using initiator_socket = tlm_utils::simple_initiator_socket_tagged<packet_switch>;

    // port_in[p]: requests from the device on port p enter; their responses
    // leave back through it.
    sc_core::sc_vector<target_socket> port_in;
    // port_out[p]: requests routed to port p leave toward its device's
    // memory; their responses come back through it.
    sc_core::sc_vector<initiator_socket> port_out;

    // Reports SC_ERROR on invalid params.
    packet_switch(const sc_core::sc_module_name& name, const switch_params& params,
                  switch_route route);

    const switch_params& params() const { return m_params; }
    // A snapshot at the current simulation time.
    switch_stats stats() const;
    // Registers per port (as "<name>.port_<p>.<signal>"): queue_depth,
    // req/resp_buffer_bytes, req/resp_in_blocked, req/resp_out_waiting.
    void trace(tracer& t) const;

    // Core cycles a packet of `bytes` occupies an input and an output of the
    // crossbar (at least one).
    uint64_t transfer_cycles(uint64_t bytes) const;
    uint64_t cycle_ps() const { return m_cycle_ps; }
    // Requests through this switch whose response has not come back to it.
    uint64_t in_flight() const { return m_in_flight; }
    // The switch register block of models/host/register_map.h, for the
    // control bus; `id` is the switch's number in the ID register.
    // (switch_registers.cpp)
    register_file registers(unsigned id) const;

private:
    enum plane_id : uint8_t { REQ = 0, RESP = 1, PLANES = 2 };

    // 24 B: it is copied into the timed heap, the queues and the egress.
    struct packet {
        tlm::tlm_generic_payload* gp = nullptr;
        uint64_t arrived_ps = 0;
        uint32_t bytes = 0;
        uint16_t in = 0; // ports: at most 65,535 (validated)
        uint16_t out = 0;
    };

    struct input_state {
        queue_set<packet> queues; // one (FIFO) or one per output (VOQ)
        uint64_t buffered_bytes = 0;
        bool holding = false;
        packet held; // arrived, waiting for buffer space (it owes an end)
        uint64_t held_since_ps = 0;
        uint64_t fresh_bytes = 0; // of packets that arrived at fresh_ps
        uint64_t fresh_ps = ~uint64_t(0);
    };

    struct output_state {
        bool busy = false;        // its crossbar output is transferring
        bool outstanding = false; // egress.front() sent, not yet accepted
        // Out of the pipeline, waiting for the downstream: rarely more than
        // a few (one per packet in the pipeline).
        ring<packet, 2> egress;
        uint64_t stalled_since_ps = 0;
    };

    struct plane {
        std::vector<input_state> inputs;
        std::vector<output_state> outputs;
        std::unique_ptr<arbiter> arb;
        request_set requests; // kept up to date as queues fill and empty
        bit_set free_inputs;  // not transferring
        bit_set free_outputs; // not transferring, nothing waiting at egress
        matching match;
        bool dirty = false;
        uint64_t last_arbitration_ps = ~uint64_t(0);
        // Requests of packets that arrived at an edge, seen from the next one.
        struct staged_request {
            unsigned in, out;
            uint64_t arrived_ps;
        };
        std::vector<staged_request> staged;
        // Outputs freed at `fresh_ps` by a call from outside the switch.
        bit_set fresh_outputs;
        uint64_t fresh_ps = ~uint64_t(0);
        bit_set eligible_outputs; // scratch
        plane(unsigned ports, const switch_params& p);
    };

    struct due_item {
        enum kind_t : uint8_t { TRANSFER_DONE, EGRESS_READY, ARRIVAL, ACCEPTED };
        due_item() = default;
        due_item(kind_t k, plane_id p, const packet& x, bool owes = true)
            : pkt(x)
            , kind(k)
            , pl(p)
            , owes_end(owes) {}
        packet pkt;
        kind_t kind = TRANSFER_DONE;
        plane_id pl = REQ;
        bool owes_end = true; // of an ARRIVAL (see arrive)
    };

    // Per-port counters kept as plain members so sc_trace can watch them.
    struct port_record {
        switch_port_stats stats;
        uint64_t depth = 0;      // packets in both planes' input buffers
        uint64_t depth_area = 0; // depth integrated over ps
        uint64_t depth_since_ps = 0;
    };

    // The sockets and the switch's own timed work (packet_switch.cpp).
    struct external_call;
    tlm::tlm_sync_enum nb_transport_fw(int port, tlm::tlm_generic_payload& gp,
                                       tlm::tlm_phase& phase, sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_bw(int port, tlm::tlm_generic_payload& gp,
                                       tlm::tlm_phase& phase, sc_core::sc_time& delay);
    // Debug accesses go straight to the routed port, in zero time.
    unsigned int transport_dbg(int port, tlm::tlm_generic_payload& gp);
    // The switch's timed work at one time; at an edge due for arbitration
    // it sets m_arbitrate_wake, which runs after every wake due now.
    void on_due();
    // Due `delay_ps` from now (see m_in_process).
    void push_due(const due_item& item, uint64_t delay_ps);

    // Input buffers (switch_input_buffers.cpp). arrive: true when the packet
    // went into the buffer now (the caller may end the handshake on the
    // return path); false when it is held or delayed, and the end is sent
    // once it is taken.
    // owes_end: the sender waits for END_REQ/END_RESP. A response handed
    // over with TLM_COMPLETED does not: it is taken even into a full buffer.
    bool arrive(plane_id pl, const packet& pkt, bool owes_end, const sc_core::sc_time& delay);
    bool take_or_hold(plane_id pl, const packet& pkt, bool owes_end);
    void send_end(plane_id pl, const packet& pkt);
    void enqueue(plane_id pl, const packet& pkt);
    bool response_arrives(unsigned port, tlm::tlm_generic_payload& gp, bool owes_end,
                          const sc_core::sc_time& delay);
    void add_depth(unsigned port, int delta);

    // The crossbar (switch_crossbar.cpp).
    void request_arbitration(plane_id pl);
    void schedule_arbitration(uint64_t edge_ps);
    void on_arbitrate();
    void arbitrate(plane_id pl);
    void transfer_done(plane_id pl, const packet& pkt);
    void update_output_free(plane_id pl, unsigned out);

    // Toward the downstream (switch_output_ports.cpp).
    void try_send(plane_id pl, unsigned out);
    // The downstream took egress.front() of `out` (if it is `gp`).
    void accepted_after(plane_id pl, unsigned out, tlm::tlm_generic_payload& gp,
                        const sc_core::sc_time& delay);
    void downstream_accepted(plane_id pl, unsigned out, tlm::tlm_generic_payload& gp);

    packet make_packet(plane_id pl, tlm::tlm_generic_payload& gp, unsigned in, unsigned out) const;
    // The queue of an input that holds packets for output `out`.
    unsigned queue_of(unsigned out) const {
        return m_params.queueing == queueing_kind::VOQ ? out : 0;
    }

    const switch_params m_params;
    const switch_route m_route;
    const uint64_t m_cycle_ps;
    plane m_planes[PLANES];
    timed_queue<due_item> m_due;
    // Arbitration runs after the edge's timed work (on_arbitrate).
    wake m_arbitrate_wake;
    // The next edge to arbitrate at: a wake of on_due on m_due's own wake
    // rather than an item in its heap.
    uint64_t m_next_arbitration_ps = ~uint64_t(0);
    // on_due is running: its pushes and wakes leave m_due's wake alone, and
    // it sets the wake once at its end.
    bool m_in_process = false;
    unsigned m_external_calls = 0; // depth of nb_transport calls into the switch
    uint64_t m_in_flight = 0;
    std::vector<port_record> m_ports;
};

} // namespace lumen
