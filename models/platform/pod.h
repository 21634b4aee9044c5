// SPDX-License-Identifier: Apache-2.0
// The GPU pod platform (lumen-pod): N GPUs, each with one full-duplex Micro
// LED link to each of P switch planes, as NVLink GPUs fan out to their
// NVSwitch chips: the pod topology (fabric::make_pod) on the one builder.
// GPU g's memory is the g-th memory.capacity_gib range of the address map;
// its plane splitter deals its requests to the planes by address.
//
// A host CPU drives the pod over its control path (models/host): it starts
// every GPU through its control registers, waits for their completion
// interrupts (or polls), and reads their counters back; the results are
// what it read.
#pragma once

#include "models/core/config.h"
#include "models/fabric/fabric_builder.h"
#include "models/platform/platform_main.h"
#include "models/platform/pod_config.h"
#include "models/platform/workload_config.h"

namespace lumen {

class pod_platform {
public:
    // A collective runs at each of `sizes` in turn (--sizes), or at
    // workload.collective_bytes when it is empty.
    pod_platform(const char* name, const config& c, uint64_t seed,
                 const std::vector<uint64_t>& sizes = {});

    unsigned gpus() const { return m_fabric.gpus(); }
    unsigned planes() const { return m_fabric.spec().topology.planes; }
    lumen::gpu& gpu(unsigned g) { return m_fabric.gpu_at(g); }
    packet_switch& plane_switch(unsigned plane) { return m_fabric.switch_at(plane); }
    // Topology links run GPU-major, then plane.
    serdes::microled_link& link(unsigned g, unsigned plane) {
        return m_fabric.link_at(size_t(g) * planes() + plane);
    }
    host_cpu& host() { return *m_fabric.host(); }
    fabric_builder& fabric() { return m_fabric; }
    // Payload capacity of one GPU's links together (its port into the fabric).
    double gpu_capacity_GBps() const { return m_capacity_GBps; }

    // Runs until the host has read every GPU back (or time runs out) and
    // fills `r`; `show_progress` draws a progress line on stderr.
    void simulate(run_results& r, bool show_progress = false);
    void trace(tracer& t) const { m_fabric.trace(t); }

private:
    sc_core::sc_time m_max_time;
    fabric_spec m_spec;
    double m_capacity_GBps;
    platform_workload m_workload;
    fabric_builder m_fabric;
};

platform_description pod_description();

} // namespace lumen
