// SPDX-License-Identifier: Apache-2.0
// The GPU pod platform (lumen-pod): N GPUs, each with one full-duplex Micro
// LED link to each of P switch planes, as NVLink GPUs fan out to their
// NVSwitch chips. Per GPU: a workload engine (synthetic traffic pattern or
// collective program), a plane splitter that deals its requests to the
// planes by address, a plane merger in front of its memory port. GPU g's
// memory is the g-th memory.capacity_gib range of the address map; each
// switch routes an address to the port of the GPU that holds it.
//
// A host CPU drives the pod over its control path (models/host): it starts
// every GPU through its control registers, waits for their completion
// interrupts (or polls), and reads their counters back; the results are
// what it read.
//
// Wiring of GPU g to plane s: splitter.out[s] -> link.a_in; link.b_out ->
// switch s port_in[g]; switch s port_out[g] -> link.b_in; link.a_out ->
// merger.in[s] -> memory.
#pragma once

#include "models/core/config.h"
#include "models/gpu/memory_port.h"
#include "models/gpu/plane_merger.h"
#include "models/gpu/plane_splitter.h"
#include "models/gpu/traffic_engine.h"
#include "models/host/control_bus.h"
#include "models/host/host_cpu.h"
#include "models/platform/platform_main.h"
#include "models/serdes/microled_link.h"
#include "models/switch/packet_switch.h"
#include "models/workload/collective_engine.h"
#include "models/workload/collective_workload.h"
#include "models/workload/traffic_pattern.h"

#include <systemc>

#include <memory>
#include <vector>

namespace lumen {

void declare_pod_keys(config_schema& schema);
void check_pod(const config& c);
switch_params switch_params_from(const config& c);
collective_setup collective_setup_from(const config& c, uint64_t seed);

class pod_platform : public sc_core::sc_module {
public:
    pod_platform(sc_core::sc_module_name name, const config& c, uint64_t seed);

    unsigned gpus() const { return m_gpus; }
    unsigned planes() const { return m_map.planes; }
    memory_port& memory(unsigned gpu) { return *m_memory[gpu]; }
    packet_switch& plane_switch(unsigned plane) { return *m_switch[plane]; }
    serdes::microled_link& link(unsigned gpu, unsigned plane) {
        return *m_link[gpu * planes() + plane];
    }
    // Per GPU, one of the two is built, after the workload kind.
    traffic_engine& pattern_engine(unsigned gpu) { return *m_pattern[gpu]; }
    collective_engine& collective(unsigned gpu) { return *m_collective[gpu]; }
    host_cpu& host() { return *m_host; }
    // Payload capacity of one GPU's links together (its port into the fabric).
    double gpu_capacity_GBps() const;

    // Runs until every engine is done (or time runs out) and fills `r`;
    // `show_progress` draws a progress line on stderr.
    void simulate(run_results& r, bool show_progress = false);
    void trace(tracer& t) const;

private:
    // What a GPU's control registers show beyond its engine's counters.
    struct gpu_state {
        bool started = false, done = false, irq_enable = false;
        uint64_t start_ps = 0, done_ps = 0;
        uint64_t checked = 0, mismatches = 0;
        uint64_t words_checked = 0, words_wrong = 0;
    };

    void build_control(const config& c);
    // GPU g's engine is done: it checks its result and raises its interrupt.
    void gpu_done(unsigned g);
    void report_pattern(run_results& r, uint64_t start_ps, uint64_t end_ps);
    void report_collective(run_results& r, uint64_t start_ps, uint64_t end_ps);

    unsigned m_gpus;
    plane_interleave m_map;
    uint64_t m_memory_bytes;
    sc_core::sc_time m_max_time;
    workload_kind m_kind;
    collective_setup m_setup;
    pattern_kind m_pattern_kind = pattern_kind::UNIFORM;
    serdes::link_params m_link_params;
    std::unique_ptr<result_checker> m_checker;
    std::vector<gpu_state> m_gpu_state;
    std::unique_ptr<control_bus> m_control;
    std::unique_ptr<host_cpu> m_host;
    // The engines own the payloads in flight: they go last.
    std::unique_ptr<traffic_pattern> m_traffic_pattern;
    std::vector<std::unique_ptr<traffic_engine>> m_pattern;
    std::vector<std::unique_ptr<collective_engine>> m_collective;
    std::vector<std::unique_ptr<memory_port>> m_memory;
    std::vector<std::unique_ptr<plane_merger>> m_merger;
    std::vector<std::unique_ptr<plane_splitter>> m_splitter;
    std::vector<std::unique_ptr<serdes::microled_link>> m_link;
    std::vector<std::unique_ptr<packet_switch>> m_switch;
};

platform_description pod_description();

} // namespace lumen
