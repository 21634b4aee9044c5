// SPDX-License-Identifier: Apache-2.0
// Builds and runs a pod from the embedded default plus overrides, as
// lumen-pod would, for one test case (one elaboration per process), and
// the alpha-beta cost the pod's collectives are checked against.
#pragma once

#include "models/platform/model_config.h"
#include "models/platform/pod.h"
#include "models/platform/switch_config.h"
#include "tests/common/platform_test_util.h"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace lumen::test {

inline config pod_config(const std::vector<std::string>& sets) {
    return platform_config(pod_description(), sets);
}

// One pod run: the config, the elaborated pod (its links, switches and GPUs
// stay inspectable after the run) and the results. `sizes` as
// pod_platform's; `before` may change the pod (the GPUs' memories) between
// elaboration and simulation.
struct pod_run {
    config c;
    pod_platform top;
    run_results r;
    explicit pod_run(const std::vector<std::string>& sets, const std::vector<uint64_t>& sizes = {},
                     const std::function<void(pod_platform&)>& before = {})
        : c(pod_config(sets))
        , top("pod", c, 1, sizes) {
        if (before) before(top);
        top.simulate(r);
    }
};

// The alpha-beta cost of one ring step on the pod (Thakur, Rabenseifner and
// Gropp, IJHPCA 2005), derived from the link, switch and memory parameters
// alone. beta: wire time per payload byte of one GPU's P links, each write
// of `request` bytes sharing its direction with the response to a write
// coming the other way. alpha: what a step adds beyond its stream: the last
// write's trip through the switch, the second link and the memory, and its
// response's way back (each link crossing: serialization in whole unit
// intervals plus the fixed transmit, propagation and receive latencies of
// link_params.h; the switch: an input-register edge, the crossbar transfer
// and the pipeline, in core cycles; the memory: transfer and latency cycles).
// gamma: the time per byte a local reduction moves through the memory port
// (memory.bandwidth_GBps); a reduce-scatter step's reduction of c bytes moves
// 3c (collective_cost.h).
struct alpha_beta {
    double alpha_ps, beta_ps_per_byte, gamma_ps_per_byte;
};

// The round trip of one write of `data` bytes, the step of a ring whose
// chunk is one write: through the first link, the switch, the second link
// and the memory, and its response back (the flag that releases the peer).
inline double pod_write_trip_ps(const config& c, uint64_t data) {
    const serdes::link_params l = link_params_from(c);
    const switch_params sw = switch_params_from(c);
    const memory_port_params mem = memory_params_from(c);
    auto crossing = [&](uint64_t bytes) {
        return double((l.wire_bits(bytes) + l.lanes - 1) / l.lanes) * l.ui_ps() +
               l.tx_latency_ps() + l.propagation_ps() + l.rx_latency_ps();
    };
    const double cycle = 1000.0 / sw.core_clock_ghz;
    auto switch_ps = [&](double bytes) {
        double transfer =
            std::ceil((sw.header_bytes + bytes) / (sw.port_bytes_per_cycle * sw.speedup));
        return (transfer + sw.pipeline_cycles + 1) * cycle;
    };
    const double memory_ps = (std::ceil(double(data) / (mem.bandwidth_GBps / mem.clock_ghz)) +
                              std::ceil(mem.latency_ns * mem.clock_ghz)) *
                             (1000.0 / mem.clock_ghz);
    return crossing(data) + switch_ps(double(data)) + crossing(data) + memory_ps + 2 * crossing(0) +
           switch_ps(0);
}

inline alpha_beta pod_alpha_beta(const config& c) {
    const serdes::link_params l = link_params_from(c);
    const memory_port_params mem = memory_params_from(c);
    const double request = double(c.integer("workload.request_bytes"));
    const double planes = double(c.integer("pod.planes"));
    auto serialization = [&](uint64_t data) {
        return double((l.wire_bits(data) + l.lanes - 1) / l.lanes) * l.ui_ps();
    };
    const uint64_t r = uint64_t(request);
    alpha_beta ab;
    ab.beta_ps_per_byte = (serialization(r) + serialization(0)) / (request * planes);
    // The last write's trip, less its first serialization, which the stream
    // term counts.
    ab.alpha_ps = pod_write_trip_ps(c, r) - serialization(r);
    ab.gamma_ps_per_byte = 1000.0 / mem.bandwidth_GBps;
    return ab;
}

} // namespace lumen::test
