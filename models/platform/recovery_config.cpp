// SPDX-License-Identifier: Apache-2.0
#include "models/platform/recovery_config.h"

#include <algorithm>
#include <cmath>

namespace lumen {

void declare_recovery_keys(config_schema& s) {
    s.add_real("gpu.retry_timeout_us", 0.0, 0.0, 1e6, "us",
               "a request not answered within this time is sent again over another plane or "
               "path, and so on each time; 0: twice the path's worst-case response time "
               "(docs/faults.md)");
    s.add_integer("gpu.retry_limit", 8, 0, 64, "timeouts",
                  "timeouts of a request after the first (each sends a copy, or waits when no "
                  "path is up) before it counts as lost");
}

uint64_t worst_case_response_ps(const fabric_spec& spec, uint64_t outstanding_bytes_per_gpu) {
    const fabric::topology& t = spec.topology;
    // An up*/down* path climbs at most every level and comes back down.
    const double switches = t.levels.empty() ? 0.0 : 2.0 * double(t.levels.size()) - 1.0;
    double link_ps = 0, retrain_ps = 0, slowest_GBps = spec.memory.bandwidth_GBps;
    for (const auto& l : spec.tier_links) {
        link_ps = std::max(link_ps, l.tx_latency_ps() + l.propagation_ps() + l.rx_latency_ps());
        retrain_ps = std::max(retrain_ps, l.retrain_ns * 1000.0);
        slowest_GBps = std::min(slowest_GBps, l.payload_capacity_GBps());
    }
    double switch_ps = 0;
    for (const auto& s : spec.level_switches)
        switch_ps = std::max(switch_ps, double(s.pipeline_cycles + 2) * 1000.0 / s.core_clock_ghz);
    // Request and response each cross switches + 1 links.
    const double fixed_ps =
        2.0 * ((switches + 1.0) * (link_ps + retrain_ps) + switches * switch_ps) +
        spec.memory.latency_ns * 1000.0;
    // All of it converging on one link or memory port (an incast), served at
    // the slower of the two; bytes / (GB/s) is ns.
    const double queued_ps =
        slowest_GBps > 0
            ? double(t.gpus()) * double(outstanding_bytes_per_gpu) / slowest_GBps * 1000.0
            : 0.0;
    return uint64_t(std::ceil(fixed_ps + queued_ps));
}

recovery_params recovery_params_from(const config& c, const fabric_spec& spec) {
    recovery_params p;
    p.retry_limit = unsigned(c.integer("gpu.retry_limit"));
    const double us = c.real("gpu.retry_timeout_us");
    if (us > 0) {
        p.timeout_ps = uint64_t(std::llround(us * 1e6));
    } else {
        const uint64_t outstanding = uint64_t(c.integer("workload.max_outstanding")) *
                                     uint64_t(c.integer("workload.request_bytes"));
        p.timeout_ps = 2 * worst_case_response_ps(spec, outstanding);
    }
    p.timeout_ps = std::max<uint64_t>(p.timeout_ps, 1);
    return p;
}

} // namespace lumen
