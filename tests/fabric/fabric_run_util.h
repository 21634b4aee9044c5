// SPDX-License-Identifier: Apache-2.0
// Helpers of the fabric tests that elaborate a fabric (fabric_test_util.h
// stays plain C++ for the topology tests): a config built as lumen-fabric
// builds it, a run that keeps each GPU's start time, and a hand model of an
// unloaded request's trip summed from the link, switch and memory
// parameters alone.
#pragma once

#include "fabric_test_util.h"
#include "models/platform/fabric_config.h"
#include "models/platform/fabric_platform.h"
#include "models/platform/fabric_run.h"
#include "models/platform/model_config.h"
#include "models/platform/recovery_config.h"
#include "models/platform/switch_config.h"
#include "models/platform/workload_config.h"
#include "tests/common/platform_test_util.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace lumen::fabric::test {

// The embedded default plus `sets`, validated as lumen-fabric validates.
inline config fabric_config(const std::vector<std::string>& sets) {
    return lumen::test::platform_config(fabric_description(), sets);
}

// The validation error of `sets` ("" when they are valid).
inline std::string config_error_of(const std::vector<std::string>& sets) {
    return error_of([&] { fabric_config(sets); });
}

// What a run leaves for a test to read: per GPU, when the host started it
// and the latency of its requests.
struct gpu_run {
    uint64_t start_ps = 0;
    latency_summary latency;
    uint64_t requests = 0;
};

// Elaborates and runs the fabric of `c` as lumen-fabric does (no fault
// scheduled), keeping each GPU's start time, which fabric_description().run
// does not report. One per process: SystemC elaborates once.
inline std::vector<gpu_run> run_fabric(const config& c, run_results& r, uint64_t seed = 1) {
    fabric_spec spec = fabric_spec_from(c, seed);
    const unsigned gpus = spec.topology.gpus();
    const double capacity = gpu_capacity_GBps(spec);
    platform_workload workload(c, collective_setup_from(c, gpus, seed), spec.interleave,
                               spec.memory.size_bytes, capacity, seed);
    fabric_builder top("fabric", std::move(spec),
                       [&workload](unsigned g, gpu& gpu) { workload.make_engine(g, gpu); });
    const run_span span = simulate_fabric(
        top, sc_core::sc_time(c.real("sim.max_time_us"), sc_core::SC_US), progress_style::NONE, r);
    workload.report(top, span, r);
    r.fabric = fabric_section(top, r);
    std::vector<gpu_run> out(gpus);
    for (unsigned g = 0; g < gpus; ++g) {
        out[g].start_ps = top.gpu_at(g).start_ps();
        out[g].latency = top.gpu_at(g).engine().latency().summary();
        out[g].requests = top.gpu_at(g).engine().transactions().completed;
    }
    return out;
}

// One element of a request's path: a link of some technology or a switch.
struct hop {
    enum { LINK, SWITCH } kind;
    serdes::link_params link;
    switch_params sw;
};

inline uint64_t next_edge(uint64_t t, uint64_t period) {
    return (t + period - 1) / period * period;
}

// A period in whole picoseconds; the hand model refuses a clock whose
// period is not (the kernel would round it, the derivation would not).
inline uint64_t period_ps(double ghz) {
    const double ps = 1000.0 / ghz;
    REQUIRE(ps == std::round(ps));
    return uint64_t(ps);
}

// A message with `data` payload bytes handed to a link at t, delivered at
// the far end: the next unit-interval edge, the framed message (flit headers
// and CRCs, line code, FEC) in whole UIs over the lanes, then the transmit
// pipeline, the fiber and the receive pipeline (link_params.h).
inline uint64_t cross_link(const serdes::link_params& l, uint64_t t, uint64_t data) {
    const uint64_t ui = period_ps(l.lane_rate_gbps);
    const uint64_t wire = l.line_bits(l.framed_bytes(data) * 8);
    const double fixed = l.tx_latency_ps() + l.propagation_ps() + l.rx_latency_ps();
    REQUIRE(fixed == std::round(fixed));
    return next_edge(t, ui) + (wire + l.lanes - 1) / l.lanes * ui + uint64_t(fixed);
}

// A packet wholly arrived at t (store and forward), ready at the output:
// the input register's first edge strictly after t, the crossbar transfer of
// header and data in whole cycles (at least one), then the pipeline.
inline uint64_t cross_switch(const switch_params& s, uint64_t t, uint64_t data) {
    const uint64_t cycle = period_ps(s.core_clock_ghz);
    const uint64_t per_cycle = uint64_t(s.port_bytes_per_cycle) * s.speedup;
    const uint64_t transfer =
        std::max<uint64_t>(1, (s.header_bytes + data + per_cycle - 1) / per_cycle);
    return (t / cycle + 1) * cycle + (transfer + s.pipeline_cycles) * cycle;
}

// A memory access of `data` bytes arriving at t, its response ready: the
// next memory clock edge, the transfer and the latency, in whole cycles.
inline uint64_t access_memory(const memory_port_params& m, uint64_t t, uint64_t data) {
    const uint64_t cycle = period_ps(m.clock_ghz);
    const double bytes_per_cycle = m.bandwidth_GBps / m.clock_ghz;
    const uint64_t transfer = uint64_t(std::ceil(double(data) / bytes_per_cycle - 1e-9));
    const uint64_t latency = uint64_t(std::ceil(m.latency_ns * m.clock_ghz - 1e-9));
    return next_edge(t, cycle) + (transfer + latency) * cycle;
}

// An unloaded read of `bytes` issued at t0 along `path` (GPU to target):
// the request carries no data out, the memory reads, the response carries
// the data back along the same hops. Its latency.
inline uint64_t read_latency_ps(const std::vector<hop>& path, const memory_port_params& m,
                                uint64_t t0, uint64_t bytes) {
    auto walk = [](uint64_t t, const hop& h, uint64_t data) {
        return h.kind == hop::LINK ? cross_link(h.link, t, data) : cross_switch(h.sw, t, data);
    };
    uint64_t t = t0;
    for (const hop& h : path) t = walk(t, h, 0);
    t = access_memory(m, t, bytes);
    for (auto it = path.rbegin(); it != path.rend(); ++it) t = walk(t, *it, bytes);
    return t - t0;
}

} // namespace lumen::fabric::test
