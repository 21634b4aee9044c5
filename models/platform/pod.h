// SPDX-License-Identifier: Apache-2.0
// The GPU pod platform (lumen-pod): N GPUs (models/gpu/gpu.h), each with one
// full-duplex Micro LED link to each of P switch planes, as NVLink GPUs fan
// out to their NVSwitch chips. Each GPU runs a synthetic traffic pattern or
// a collective program; GPU g's memory is the g-th memory.capacity_gib range
// of the address map; each switch routes an address to the port of the GPU
// that holds it. A flag board carries the collectives' flags between GPUs;
// the platform tells the GPUs' splitters which planes are up.
//
// A host CPU drives the pod over its control path (models/host): it starts
// every GPU through its control registers, waits for their completion
// interrupts (or polls), and reads their counters back; the results are
// what it read.
//
// Wiring of GPU g to plane s: gpu.fabric_out(s) -> link.a_in; link.b_out ->
// switch s port_in[g]; switch s port_out[g] -> link.b_in; link.a_out ->
// gpu.fabric_in(s).
#pragma once

#include "models/core/config.h"
#include "models/gpu/flag_board.h"
#include "models/gpu/gpu.h"
#include "models/gpu/traffic_engine.h"
#include "models/host/control_bus.h"
#include "models/host/host_cpu.h"
#include "models/platform/platform_main.h"
#include "models/platform/pod_config.h"
#include "models/serdes/microled_link.h"
#include "models/switch/packet_switch.h"
#include "models/workload/collective_workload.h"
#include "models/workload/traffic_pattern.h"

#include <systemc>

#include <memory>
#include <vector>

namespace lumen {

class pod_platform : public sc_core::sc_module, public path_status_if {
public:
    pod_platform(sc_core::sc_module_name name, const config& c, uint64_t seed);

    unsigned gpus() const { return m_gpus; }
    unsigned planes() const { return m_map.planes; }
    lumen::gpu& gpu(unsigned g) { return *m_gpu[g]; }
    packet_switch& plane_switch(unsigned plane) { return *m_switch[plane]; }
    serdes::microled_link& link(unsigned g, unsigned plane) {
        return *m_link[g * planes() + plane];
    }
    host_cpu& host() { return *m_host; }
    // Payload capacity of one GPU's links together (its port into the fabric).
    double gpu_capacity_GBps() const;

    // The links of GPU g and of GPU destination on the plane are up.
    bool can_carry(unsigned g, unsigned plane, unsigned destination) const override;

    // Runs until the host has read every GPU back (or time runs out) and
    // fills `r`; `show_progress` draws a progress line on stderr.
    void simulate(run_results& r, bool show_progress = false);
    void trace(tracer& t) const;

private:
    void build_engines(const config& c, uint64_t seed);
    void build_control(const config& c);
    void report_pattern(run_results& r, uint64_t start_ps, uint64_t end_ps);
    void report_collective(run_results& r, uint64_t start_ps, uint64_t end_ps);

    unsigned m_gpus;
    plane_interleave m_map;
    uint64_t m_memory_bytes;
    sc_core::sc_time m_max_time;
    workload_kind m_kind;
    collective_setup m_setup;
    pattern_kind m_pattern_kind = pattern_kind::UNIFORM;
    traffic_params m_traffic; // every pattern engine's, but for its targets
    serdes::link_params m_link_params;
    std::unique_ptr<result_checker> m_checker;
    std::unique_ptr<traffic_pattern> m_traffic_pattern;
    std::unique_ptr<control_bus> m_control;
    std::unique_ptr<host_cpu> m_host;
    std::unique_ptr<flag_board> m_flags;
    // The GPUs' engines own the payloads in flight: they go last.
    std::vector<std::unique_ptr<lumen::gpu>> m_gpu;
    std::vector<std::unique_ptr<serdes::microled_link>> m_link;
    std::vector<std::unique_ptr<packet_switch>> m_switch;
};

platform_description pod_description();

} // namespace lumen
