// SPDX-License-Identifier: Apache-2.0
// collective_engine: the copy engine of a GPU running a communication
// library's kernels, as an AT initiator. It executes its collective_program:
// a SEND becomes posted writes of real bytes from local memory into the
// peer's memory, cut at the plane-interleave boundaries; when the last of
// them has its response, it raises a flag in the peer that releases the
// peer's WAIT on it (the write response stands for the flag a library
// writes after the data). Local
// REDUCE and COPY work on the GPU's own memory and keep the engine busy for
// the bytes they move at the memory port's bandwidth, in whole HBM cycles:
// a REDUCE of c bytes reads its two operands and writes the sum (3c), a COPY
// reads and writes (2c). The engine waits for them, as a ring step's next
// send waits for the chunk it reduces (no slicing overlaps them), and they
// do not contend with the port's incoming writes (HBM is far faster than
// the links). COMPUTE keeps the GPU busy for a given time.
//
// A program may hold several rounds (one collective size after another, as
// nccl-tests runs them): at each of `round_ends` the engine notes the time
// and calls `round_done`, which may check and rewrite local memory before
// the program's barrier lets the peers into the next round.
#pragma once

#include "models/core/payload_pool.h"
#include "models/core/stats.h"
#include "models/core/tracer.h"
#include "models/gpu/backing_store.h"
#include "models/gpu/workload_engine.h"
#include "models/workload/collective_program.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace lumen {

struct collective_engine_params {
    unsigned gpu = 0;
    unsigned request_bytes = 4096;       // largest write
    unsigned max_outstanding = 256;      // writes in flight at most
    uint64_t boundary_bytes = 4096;      // a write never crosses a multiple of this
    uint64_t memory_stride = 1ULL << 34; // GPU g's memory starts at g * memory_stride
    double memory_GBps = 100.0;          // local REDUCE and COPY move bytes at this rate
    double memory_clock_ghz = 1.6;       // in whole cycles of this clock
    // Program positions that end a round (ascending; program.size() ends the last).
    std::vector<size_t> round_ends;
    std::function<void(size_t round)> round_done; // called at each of them
};

struct collective_engine_stats {
    transaction_counts transactions;
    latency_record latency;      // of each write, issue to response
    hop_latency latency_by_hops; // the same, by switches crossed
    uint64_t bytes_sent = 0;
    uint64_t wait_ps = 0;               // blocked in WAIT
    uint64_t compute_ps = 0;            // in COMPUTE
    uint64_t local_ps = 0;              // in local REDUCE and COPY
    uint64_t start_ps = 0;              // when start() ran
    std::vector<uint64_t> round_end_ps; // when each round's operations were done
    uint64_t finish_ps = 0;             // when the program and its writes were done
};

class collective_engine : public sc_core::sc_module, public workload_engine {
public:
    tlm_utils::simple_initiator_socket<collective_engine> init_out;
    // A completed send raises its flag in the peer through here.
    flag_port flags;

    // Runs its program from start(); reports done once, when the program and
    // all its writes are done.
    SC_HAS_PROCESS(collective_engine);
    collective_engine(sc_core::sc_module_name name, const collective_engine_params& params,
                      collective_program program, backing_store& local_memory);

    tlm::tlm_initiator_socket<>& initiator() override { return init_out; }
    void bind_flags(flag_port& gpu_flags) override { flags.bind(gpu_flags); }

    void preload() override {} // the platform initialized the buffers
    void start() override;
    // A send of `source` with `tag` into this GPU's memory has completed.
    void flag_arrived(unsigned source, uint32_t tag) override;

    bool done() const override {
        return m_pc == m_program.size() && m_active.empty() && m_outstanding == 0;
    }
    // Operations of the program past (sends, waits, reductions, compute
    // steps alike): a collective's steps, an LLM step's phases.
    double fraction_done() const override {
        if (done() || m_program.empty()) return 1.0;
        return double(m_pc) / double(m_program.size() + 1); // +1: the last writes' drain
    }
    const collective_engine_stats& stats() const { return m_stats; }
    // When each operation of the program was done (a SEND: posted; a WAIT:
    // released), in ps: the GPU's timeline, from which a report tells what
    // the GPU spent its time on (see step_breakdown.h).
    const std::vector<uint64_t>& op_end_ps() const { return m_op_end_ps; }
    // Counts what is still in flight as lost (at the end of a run).
    void finish() override;

    const transaction_counts& transactions() const override { return m_stats.transactions; }
    const latency_record& latency() const override { return m_stats.latency; }
    const hop_latency& latency_by_hops() const override { return m_stats.latency_by_hops; }
    uint64_t bytes() const override { return m_stats.bytes_sent; }
    uint64_t wait_ps() const override { return m_stats.wait_ps; }
    uint64_t compute_ps() const override { return m_stats.compute_ps; }
    void trace(tracer& t) const override;

private:
    struct send_state {
        unsigned peer;
        uint32_t tag;
        uint64_t dst_address;
        uint64_t bytes;
        // Local memory's [src, src + bytes) as the SEND found it, at 0 (in
        // the memory's data mode); freed when the send completes.
        std::unique_ptr<backing_store> data;
        uint64_t issued = 0;      // bytes
        unsigned outstanding = 0; // writes
    };

    void run(); // executes operations until one blocks
    // Ends the rounds that end at m_pc.
    void mark_rounds(uint64_t now);
    // The time a local operation moving `bytes` through the memory port takes.
    uint64_t local_ps(uint64_t bytes) const;
    // Sends the writes of the oldest unfinished send first: a pipeline's
    // first slice is complete before its second starts, as a DMA queue would.
    void issue();
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    void complete(tlm::tlm_generic_payload& gp);
    void check_done(uint64_t now);
    static uint64_t key(unsigned source, uint32_t tag) { return uint64_t(source) << 32 | tag; }

    collective_engine_params m_params;
    collective_program m_program;
    backing_store& m_memory;
    bool m_done_reported = false;
    collective_engine_stats m_stats;
    payload_pool m_pool;

    size_t m_pc = 0;
    std::vector<uint64_t> m_op_end_ps; // per operation of m_program
    bool m_waiting = false;            // blocked in the WAIT at m_pc
    uint64_t m_wait_since_ps = 0;
    bool m_busy = false;                              // in the COMPUTE, REDUCE or COPY at m_pc
    size_t m_round = 0;                               // rounds ended so far
    std::unordered_map<uint64_t, unsigned> m_arrived; // (source, tag) -> sends completed

    std::vector<send_state> m_sends; // every send so far; m_active indexes the unfinished
    std::deque<size_t> m_active;
    struct in_flight {
        size_t send;
        uint64_t issue_ps;
    };
    std::unordered_map<tlm::tlm_generic_payload*, in_flight> m_in_flight;
    unsigned m_outstanding = 0;
    bool m_warned_lost = false; // the first lost write is logged, the rest counted
    tlm::tlm_generic_payload* m_waiting_end_req = nullptr;
    sc_core::sc_event m_run_event;
    sc_core::sc_event m_issue_event;
};

} // namespace lumen
