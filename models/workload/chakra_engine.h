// SPDX-License-Identifier: Apache-2.0
// chakra_engine: one GPU replaying its rank of a Chakra execution trace
// (chakra_plan.h). A node starts once all its parents are done: compute
// nodes take turns on the GPU's compute stream, memory nodes on its memory
// port, communication nodes on their stream's copy engine (a
// collective_engine each, so that a trace's collectives move real bytes
// exactly as the collective workloads do). The copy engines' requests merge
// into the GPU's one initiator socket in arrival order, holding END_REQ as
// the GPU's plane splitter does; their write responses tell which node's
// bytes have landed. A communication node is done when its stream has run
// its operations and every byte it writes has its response.
#pragma once

#include "models/core/nonblocking_target.h"
#include "models/gpu/backing_store.h"
#include "models/gpu/workload_engine.h"
#include "models/workload/chakra_plan.h"
#include "models/workload/collective_engine.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

namespace lumen {

class chakra_engine : public sc_core::sc_module,
                      public workload_engine,
                      private nonblocking_target {
public:
    tlm_utils::simple_initiator_socket<chakra_engine> init_out;

    SC_HAS_PROCESS(chakra_engine);
    // `params` are every copy engine's (its gpu, request size, boundaries, stride).
    chakra_engine(sc_core::sc_module_name name, const collective_engine_params& params,
                  chakra_rank_plan plan, backing_store& local_memory);

    tlm::tlm_initiator_socket<>& initiator() override { return init_out; }
    void bind_flags(flag_port& gpu_flags) override;

    void preload() override {} // the platform wrote the buffers
    void start() override;
    bool done() const override;
    // The share of the trace's nodes finished (the progress line's figure).
    double fraction_done() const override {
        if (done() || m_plan.nodes.empty()) return 1.0;
        return double(m_finished) / double(m_plan.nodes.size() + 1); // +1: the last writes
    }
    void finish() override;
    void flag_arrived(unsigned source, uint32_t tag) override;

    const transaction_counts& transactions() const override;
    const latency_record& latency() const override;
    const hop_latency& latency_by_hops() const override;
    uint64_t bytes() const override;
    // Communication not hidden behind compute (exposed), once done.
    uint64_t wait_ps() const override { return m_exposed_ps; }
    uint64_t compute_ps() const override { return m_compute_total_ps; }
    void trace(tracer& t) const override;

    // Each node's start and end (ps), as the trace lists them; ~0 if it never ran.
    const std::vector<uint64_t>& node_start_ps() const { return m_start; }
    const std::vector<uint64_t>& node_end_ps() const { return m_end; }
    const chakra_rank_plan& plan() const { return m_plan; }

private:
    // The merge of the copy engines' requests.
    tlm::tlm_sync_enum in_fw(int stream, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                             sc_core::sc_time& delay);
    tlm::tlm_sync_enum out_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                              sc_core::sc_time& delay);
    // Forwards one request; true when the splitter still owes its END_REQ.
    bool forward(unsigned stream, tlm::tlm_generic_payload& gp);
    void issue_waiting();
    void landed(const tlm::tlm_generic_payload& gp);

    void dispatch(uint32_t node);
    void release(unsigned stream);
    void start_compute();
    void start_memory();
    void finish_node(uint32_t node);
    void run_ready(); // dispatches nodes whose parents are all done, then checks done
    void on_step();
    void on_compute();
    void on_memory();
    void check_done();

    collective_engine_params m_params;
    chakra_rank_plan m_plan;
    std::vector<std::unique_ptr<collective_engine>> m_streams;
    sc_core::sc_vector<tlm_utils::simple_target_socket_tagged<chakra_engine>> m_in;

    std::unordered_map<tlm::tlm_generic_payload*, unsigned> m_from; // request -> stream
    std::deque<std::pair<unsigned, tlm::tlm_generic_payload*>> m_waiting;
    tlm::tlm_generic_payload* m_owed_end_req = nullptr; // the splitter has not taken it yet

    std::vector<uint32_t> m_pending; // parents not done, per node
    std::vector<uint64_t> m_start, m_end, m_sent;
    std::vector<bool> m_ready, m_marked;
    std::vector<size_t> m_next_release, m_next_done; // per stream
    std::vector<uint32_t> m_ready_list, m_completed;
    std::deque<uint32_t> m_compute_queue, m_memory_queue;
    int64_t m_computing = -1, m_accessing = -1; // the node on each, or -1
    size_t m_finished = 0;
    uint64_t m_compute_total_ps = 0, m_exposed_ps = 0;
    bool m_done_reported = false;

    mutable transaction_counts m_transactions;
    mutable latency_record m_latency;
    mutable hop_latency m_hops;

    sc_core::sc_event m_step, m_compute_done, m_memory_done, m_issue;
};

} // namespace lumen
