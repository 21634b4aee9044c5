// SPDX-License-Identifier: Apache-2.0
// Builds and runs a pod from the embedded default plus overrides, as
// lumen-pod would, for one test case (one elaboration per process).
#pragma once

#include "models/platform/model_config.h"
#include "models/platform/pod.h"
#include "models/platform/switch_config.h"

#include <cmath>
#include <string>
#include <vector>

namespace lumen::test {

inline config pod_config(const std::vector<std::string>& sets) {
    config_schema schema;
    pod_description().declare(schema);
    config c = config::load(schema, "", sets);
    pod_description().validate(c);
    return c;
}

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
struct alpha_beta {
    double alpha_ps, beta_ps_per_byte;
};

inline alpha_beta pod_alpha_beta(const config& c) {
    const serdes::link_params l = link_params_from(c);
    const switch_params sw = switch_params_from(c);
    const memory_port_params mem = memory_params_from(c);
    const double request = double(c.integer("workload.request_bytes"));
    const double planes = double(c.integer("pod.planes"));
    auto serialization = [&](uint64_t data) {
        return double((l.wire_bits(data) + l.lanes - 1) / l.lanes) * l.ui_ps();
    };
    auto crossing = [&](uint64_t data) {
        return serialization(data) + l.tx_latency_ps() + l.propagation_ps() + l.rx_latency_ps();
    };
    const double cycle = 1000.0 / sw.core_clock_ghz;
    auto switch_ps = [&](double data) {
        double transfer =
            std::ceil((sw.header_bytes + data) / (sw.port_bytes_per_cycle * sw.speedup));
        return (transfer + sw.pipeline_cycles + 1) * cycle;
    };
    const double memory_ps = (std::ceil(request / (mem.bandwidth_GBps / mem.clock_ghz)) +
                              std::ceil(mem.latency_ns * mem.clock_ghz)) *
                             (1000.0 / mem.clock_ghz);
    const uint64_t r = uint64_t(request);
    alpha_beta ab;
    ab.beta_ps_per_byte = (serialization(r) + serialization(0)) / (request * planes);
    ab.alpha_ps = (crossing(r) - serialization(r)) + switch_ps(request) + crossing(r) + memory_ps +
                  2 * crossing(0) + switch_ps(0);
    return ab;
}

} // namespace lumen::test
