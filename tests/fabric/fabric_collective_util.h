// SPDX-License-Identifier: Apache-2.0
// Builds and runs a fabric as lumen-fabric would, for one test case (one
// elaboration per process), and the alpha-beta cost of one ring step over a
// path of the fabric derived from the tiers' link, the levels' switch and
// the memory parameters alone (nothing read back from the run).
#pragma once

#include "models/platform/fabric_config.h"
#include "models/platform/fabric_platform.h"
#include "models/platform/model_config.h"
#include "models/platform/switch_config.h"
#include "tests/common/platform_test_util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace lumen::test {

inline config fabric_config(const std::vector<std::string>& sets) {
    return platform_config(fabric_description(), sets);
}

struct fabric_run {
    config c;
    run_results r;
    explicit fabric_run(const std::vector<std::string>& sets, uint64_t seed = 1)
        : c(fabric_config(sets)) {
        run_options o;
        o.seed = seed;
        fabric_description().run(c, o, r);
    }
    double time_ps() const { return r.workload["time_us"].get<double>() * 1e6; }
    // Payload bytes of both directions of the topology link `name`.
    uint64_t link_bytes(const std::string& name) const {
        uint64_t bytes = 0;
        for (const auto& l : r.links)
            if (l.name == "fabric." + name + ".a_to_b" || l.name == "fabric." + name + ".b_to_a")
                bytes += l.payload_bytes;
        return bytes;
    }
};

// One hop of a write's path: the link it crosses, the switch it enters
// after the link (none after the last link: the memory), and the share of
// the step's bytes this link carries (1/n when spray deals them over n
// equal-cost links; the sum of its flows' shares when flows meet on it).
struct hop {
    serdes::link_params link;
    double share = 1.0;
};

struct alpha_beta {
    double alpha_ps, beta_ps_per_byte;
};

// The cost of one ring step over `hops` (a write's links, GPU to GPU) and
// the `switches` between them (hops.size() - 1), with writes of `request`
// bytes, as pod_alpha_beta (tests/pod/pod_test_util.h) derives it for a
// pod, generalized to many hops. Each link crossing: serialization in whole
// unit intervals, plus the fixed transmit, propagation and receive latencies
// of link_params.h; each switch (store and forward): an input-register edge,
// the crossbar transfer and the pipeline, in core cycles; the memory:
// transfer and latency cycles.
// beta: the stream of a step is paced by its slowest hop: the link whose
// share of the step's writes, each with the response to a write coming the
// other way in the same direction (every GPU both sends and receives in a
// ring step), takes the most wire time per byte.
// alpha: the write's whole round trip (request through every hop and
// switch, the memory, the response back through them) minus the bottleneck
// hop's serialization of it, which the stream term already counts: what
// the step adds beyond its stream, filling the pipe before the bottleneck
// and draining it after.
inline alpha_beta path_alpha_beta(const std::vector<hop>& hops,
                                  const std::vector<switch_params>& switches,
                                  const memory_port_params& mem, uint64_t request) {
    auto serialization = [](const serdes::link_params& l, uint64_t data) {
        return double((l.wire_bits(data) + l.lanes - 1) / l.lanes) * l.ui_ps();
    };
    auto crossing = [&](const serdes::link_params& l, uint64_t data) {
        return serialization(l, data) + l.tx_latency_ps() + l.propagation_ps() + l.rx_latency_ps();
    };
    auto switch_ps = [](const switch_params& sw, double data) {
        const double transfer =
            std::ceil((sw.header_bytes + data) / (sw.port_bytes_per_cycle * sw.speedup));
        return (transfer + sw.pipeline_cycles + 1) * (1000.0 / sw.core_clock_ghz);
    };
    const double r = double(request);
    const double memory_ps = (std::ceil(r / (mem.bandwidth_GBps / mem.clock_ghz)) +
                              std::ceil(mem.latency_ns * mem.clock_ghz)) *
                             (1000.0 / mem.clock_ghz);
    double trip = memory_ps, bottleneck_ser = 0, beta = 0;
    for (size_t i = 0; i < hops.size(); ++i) {
        const serdes::link_params& l = hops[i].link;
        trip += crossing(l, request) + crossing(l, 0);
        const double b = hops[i].share * (serialization(l, request) + serialization(l, 0)) / r;
        if (b > beta) {
            beta = b;
            bottleneck_ser = serialization(l, request);
        }
    }
    for (const auto& sw : switches) trip += switch_ps(sw, r) + switch_ps(sw, 0);
    return {trip - bottleneck_ser, beta};
}

// Time per byte a local reduction moves through a GPU's memory port (a
// reduce-scatter step's reduction of c bytes moves 3c; collective_cost.h).
inline double memory_gamma_ps_per_byte(const config& c) {
    return 1000.0 / memory_params_from(c).bandwidth_GBps;
}

// The two ring steps of a leaf_spine (one plane): inside a leaf, GPU ->
// leaf -> GPU; across leaves, GPU -> leaf -> spine -> leaf -> GPU, with the
// leaf-spine links each carrying `uplink_share` of the step's bytes.
struct leaf_spine_steps {
    alpha_beta in, out;
};

inline leaf_spine_steps leaf_spine_alpha_beta(const config& c, double uplink_share) {
    const std::vector<serdes::link_params> tiers =
        tier_link_params(c, topology_from(c)); // gpu_leaf, leaf_spine
    const std::vector<switch_params> levels =
        level_switch_params(c, topology_from(c)); // leaf, spine
    const memory_port_params mem = memory_params_from(c);
    const uint64_t request = uint64_t(c.integer("workload.request_bytes"));
    const hop gpu_leaf{tiers[0], 1.0}, leaf_spine{tiers[1], uplink_share};
    leaf_spine_steps s;
    s.in = path_alpha_beta({gpu_leaf, gpu_leaf}, {levels[0]}, mem, request);
    s.out = path_alpha_beta({gpu_leaf, leaf_spine, leaf_spine, gpu_leaf},
                            {levels[0], levels[1], levels[0]}, mem, request);
    return s;
}

} // namespace lumen::test
