// SPDX-License-Identifier: Apache-2.0
// traffic_engine: the DMA/copy engine of a GPU, as an AT initiator. It issues
// reads and writes of real data into remote memory regions (one, or one per
// destination GPU of a traffic pattern) at an offered rate, keeps a shadow
// copy of what it wrote, and checks every read against it. Nothing it issues
// goes uncounted: issued, completed, checked, mismatches and lost are the
// run's integrity verdict. Posted writes (WRITE_POSTED) get no response: one
// completes when the target's memory has stored it (models/core/
// posted_extension.h), and the engine's own check proves its bytes there.
#pragma once

#include "models/core/calendar.h"
#include "models/core/payload_pool.h"
#include "models/core/posted_extension.h"
#include "models/core/random.h"
#include "models/core/stats.h"
#include "models/core/tracer.h"
#include "models/gpu/backing_store.h"
#include "models/gpu/workload_engine.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lumen {

// WRITE_POSTED: writes that ask for no response (PCIe's and NVLink's posted
// writes); workload.max_outstanding does not bound them, the link credits do.
enum class traffic_op { READ, WRITE, MIXED, WRITE_POSTED };
// The workload.op name of an op, and the op of a name (one of traffic_op_names()).
const char* traffic_op_name(traffic_op op);
traffic_op traffic_op_named(const std::string& name);
const std::vector<std::string>& traffic_op_names();
enum class arrival_process { PERIODIC, POISSON };

struct traffic_params {
    traffic_op op = traffic_op::MIXED;
    unsigned request_bytes = 256;
    uint64_t total_bytes = 16ULL << 20;
    double offered_GBps = 10.0; // injection rate times the link's payload capacity
    arrival_process arrival = arrival_process::PERIODIC;
    // The first requests issued, a warm-up while queues fill: their latency
    // is left out of the statistics (they are still counted and checked).
    uint64_t warmup_requests = 0;
    unsigned max_outstanding = 64;
    uint64_t target_base = 0;            // remote region this engine reads and writes
    uint64_t region_bytes = 64ULL << 20; // per target
    uint64_t seed = 1;
    // Names the engine's random stream; empty: the engine's own name. A GPU
    // names its engine "engine" and keeps the stream its platform had.
    std::string stream_name;
    // Several targets (a traffic pattern over a pod): target t's region
    // starts at target_base + t * target_stride, and `pick_target` draws
    // each request's target from the engine's random stream. One target when
    // `targets` is 1.
    unsigned targets = 1;
    uint64_t target_stride = 0;
    std::function<unsigned(random_stream&)> pick_target;
    // Driven by a host: issue nothing before start(). Else the engine
    // starts at time zero.
    bool wait_for_start = false;
    // The shadow's data mode, the targets' memories' (sim.data): compact
    // keeps a checksum per block of what the region must hold.
    data_mode data = data_mode::REAL;
};

struct traffic_stats {
    transaction_counts transactions;
    // From the request's injection time to its response; for a posted write,
    // to its acceptance by the target's memory.
    latency_record latency;
    hop_latency latency_by_hops; // the same, by switches crossed
    uint64_t bytes_completed = 0;
    uint64_t first_issue_ps = 0, last_completion_ps = 0;
};

class traffic_engine : public sc_core::sc_module, public workload_engine, public posted_sink {
public:
    tlm_utils::simple_initiator_socket<traffic_engine> init_out;

    traffic_engine(sc_core::sc_module_name name, const traffic_params& params);

    tlm::tlm_initiator_socket<>& initiator() override { return init_out; }
    void bind_flags(flag_port&) override {} // synthetic traffic raises no flags

    // Begins issuing now (with wait_for_start); the offered rate counts from here.
    void start() override;
    // Before the run, for read-only traffic: fill the region it will read
    // with random bytes through the debug path, and remember them.
    void preload() override;
    // Read the region back through the debug path and compare with the
    // shadow; counts written transactions as checked, and every transaction
    // still outstanding as lost.
    void finish() override;
    void flag_arrived(unsigned source, uint32_t tag) override;
    // A posted write stored by its target's memory: it completes now.
    void landed(tlm::tlm_generic_payload& gp) override;

    const traffic_params& params() const { return m_params; }
    const traffic_stats& stats() const { return m_stats; }
    uint64_t requests_total() const { return m_total; }
    // The most requests this engine had in flight at once: its payload pool
    // grows to that and never shrinks.
    size_t in_flight_peak() const { return m_pool.allocated(); }
    bool done() const override { return m_next == m_total && m_outstanding == 0; }
    double fraction_done() const override {
        return m_total ? double(m_stats.transactions.completed) / double(m_total) : 1.0;
    }

    const transaction_counts& transactions() const override { return m_stats.transactions; }
    const latency_record& latency() const override { return m_stats.latency; }
    const hop_latency& latency_by_hops() const override { return m_stats.latency_by_hops; }
    uint64_t bytes() const override { return m_stats.bytes_completed; }
    uint64_t wait_ps() const override { return 0; }
    uint64_t compute_ps() const override { return 0; }
    void trace(tracer& t) const override;

private:
    struct slot_state {
        uint64_t injection_ps = 0; // of the transaction in flight on the slot
        uint64_t request = 0;      // its request number, from 0 in issue order
        uint32_t writes = 0;       // completed writes
        bool busy = false;         // a transaction on this slot is in flight
        bool unknown = false;      // a write to it was lost: its contents are unknown
    };

    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    void issue();
    void complete(tlm::tlm_generic_payload& gp);
    // Counts a request answered (or a posted write landed) after `switches` switches.
    void count_completion(tlm::tlm_generic_payload& gp, slot_state& state, uint64_t slot,
                          unsigned switches);
    uint64_t draw_gap_ps();
    // Slot numbers run over all targets: target t's slots follow t - 1's.
    uint64_t slot_address(uint64_t slot) const;
    uint64_t slot_of(uint64_t address) const;
    // Where a slot's expected content sits in the shadow: slot index first,
    // target second. Targets fill their slots in turn, so the slots in use
    // at any time lie together; one write to each of 1,024 targets then
    // takes 64 shadow pages, not 1,024 (as the region-by-region order of
    // the targets' memories would).
    uint64_t shadow_offset(uint64_t slot) const {
        return ((slot % m_slots) * m_params.targets + slot / m_slots) * m_params.request_bytes;
    }
    unsigned draw_target();
    slot_state& state_of(uint64_t slot) {
        return m_slot_state[slot / m_slots].slots[slot % m_slots];
    }

    traffic_params m_params;
    traffic_stats m_stats;
    payload_pool m_pool;
    random_stream m_random;
    backing_store m_shadow;                // what the remote region must hold
    std::vector<unsigned char> m_expected; // scratch for checks, request_bytes long
    uint64_t m_slots;                      // request-sized slots in one target's region
    // Per target, the slots used so far: a target's slots are used in turn,
    // so the state grows with the traffic, not with workload.region_bytes.
    // The count of requests issued to the target sits beside them: an issue
    // reads both, one cache line where two arrays were two.
    struct target_slots {
        std::vector<slot_state> slots;
        uint64_t requests = 0; // issued to the target
    };
    std::vector<target_slots> m_slot_state;
    uint64_t m_total;                 // requests to issue
    uint64_t m_next = 0;              // next request number
    uint64_t m_next_injection_ps = 0; // injection time of request m_next
    unsigned m_next_target = 0;       // target of request m_next
    double m_mean_gap_ps;
    unsigned m_outstanding = 0;
    bool m_warned_lost = false; // the first lost request is logged, the rest counted
    bool m_blocked = false;     // issue() waits for the interconnect, not for time
    tlm::tlm_generic_payload* m_waiting_end_req = nullptr; // sent, END_REQ not yet back
    wake m_wake;
};

} // namespace lumen
