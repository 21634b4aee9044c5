// SPDX-License-Identifier: Apache-2.0
#include "models/platform/model_config.h"

#include "models/core/config_parse.h"
#include "models/platform/recovery_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace lumen {

void declare_memory_keys(config_schema& s) {
    // Rates and clocks start at 0.001 (1 MB/s, 1 MHz): below that a transfer's
    // time in picoseconds no longer fits the kernel's 64-bit clock.
    s.add_real("memory.bandwidth_GBps", 100.0, 0.001, 100000.0, "GB/s",
               "data bandwidth of one GPU's memory port (assumption: a slice of an HBM stack)");
    s.add_real("memory.latency_ns", 100.0, 0.0, 100000.0, "ns", "access latency (assumption)");
    s.add_real("memory.clock_ghz", 1.6, 0.001, 100.0, "GHz",
               "memory clock; delays are whole cycles");
    s.add_integer("memory.concurrent_accesses", 64, 1, 1 << 20, "accesses",
                  "accesses in service at once");
    s.add_integer("memory.queue_depth", 32, 1, 1 << 20, "requests",
                  "request queue; END_REQ is withheld when it is full");
    s.add_integer("memory.capacity_gib", 16, 1, 1 << 16, "GiB", "memory behind the port");
}

void declare_traffic_keys(config_schema& s) {
    s.add_choice("workload.op", "mixed", traffic_op_names(),
                 "requests each GPU issues to the other's memory (mixed: half reads, half writes; "
                 "write_posted: writes with no response, as PCIe and NVLink posted writes, "
                 "complete when stored in the target's memory, bounded by link credits, not "
                 "workload.max_outstanding; docs/posted_writes.md)");
    s.add_integer("workload.request_bytes", 256, 1, 1 << 20, "B", "bytes per request");
    s.add_integer("workload.bytes", 16LL << 20, 1, 1LL << 40, "B",
                  "total bytes each GPU moves (requests = bytes / request_bytes)");
    s.add_real("workload.injection_rate", 0.8, 0.0, 1.0, "",
               "offered load as a fraction of the link's payload capacity", true);
    s.add_real("workload.offered_GBps", 0.0, 0.0, 1e6, "GB/s",
               "offered load per GPU in GB/s, the same whatever the link; 0: "
               "workload.injection_rate of the link's capacity instead");
    s.add_choice("workload.arrival", "periodic", {"periodic", "poisson"},
                 "request arrival process");
    s.add_integer("workload.warmup_requests", 0, 0, 1LL << 40, "requests",
                  "requests each GPU issues first whose latency the statistics leave out (a "
                  "warm-up while queues fill); they are still counted and checked");
    s.add_integer("workload.max_outstanding", 256, 1, 1 << 20, "requests",
                  "requests in flight per GPU at most");
    s.add_integer("workload.region_bytes", 64LL << 20, 1, 1LL << 40, "B",
                  "size of the remote region each GPU reads and writes");
}

void declare_sim_keys(config_schema& s) {
    s.add_real("sim.max_time_us", 1e5, 0.0, max_sim_time_us, "us",
               "simulated time limit; a workload not done by then fails the run", true);
}

void declare_common_keys(config_schema& s) {
    declare_link_keys(s);
    declare_memory_keys(s);
    declare_traffic_keys(s);
    declare_fault_keys(s);
    declare_recovery_keys(s);
    declare_sim_keys(s);
}

memory_port_params memory_params_from(const config& c) {
    memory_port_params p;
    p.bandwidth_GBps = c.real("memory.bandwidth_GBps");
    p.latency_ns = c.real("memory.latency_ns");
    p.clock_ghz = c.real("memory.clock_ghz");
    p.concurrent_accesses = unsigned(c.integer("memory.concurrent_accesses"));
    p.queue_depth = unsigned(c.integer("memory.queue_depth"));
    p.size_bytes = uint64_t(c.integer("memory.capacity_gib")) << 30;
    return p;
}

traffic_params traffic_params_from(const config& c, double link_capacity_GBps, uint64_t seed) {
    traffic_params p;
    p.op = traffic_op_named(c.choice("workload.op"));
    p.request_bytes = unsigned(c.integer("workload.request_bytes"));
    p.total_bytes = uint64_t(c.integer("workload.bytes"));
    const double offered = c.real("workload.offered_GBps");
    p.offered_GBps = offered > 0 ? offered : c.real("workload.injection_rate") * link_capacity_GBps;
    // The last request's injection time must fit the longest run, else the
    // picosecond arithmetic of the arrivals overflows and they bunch up.
    const double inject_us = double(p.total_bytes) / p.offered_GBps * 1e-3;
    if (!(inject_us <= max_sim_time_us)) {
        const char* key = offered > 0 ? "workload.offered_GBps" : "workload.injection_rate";
        const double min_GBps = double(p.total_bytes) / max_sim_time_us * 1e-3;
        throw config_error(fmt::format(
            "{} = {:g}: injecting workload.bytes = {} at {:g} GB/s takes {:g} us, beyond the "
            "longest run ({:g} us); allowed: {} >= {:g}",
            key, c.real(key), p.total_bytes, p.offered_GBps, inject_us, max_sim_time_us, key,
            offered > 0 ? min_GBps : min_GBps / link_capacity_GBps));
    }
    p.arrival = c.choice("workload.arrival") == "poisson" ? arrival_process::POISSON
                                                          : arrival_process::PERIODIC;
    p.max_outstanding = unsigned(c.integer("workload.max_outstanding"));
    p.region_bytes = uint64_t(c.integer("workload.region_bytes"));
    p.warmup_requests = uint64_t(c.integer("workload.warmup_requests"));
    p.seed = seed;
    return p;
}

namespace {

// A posted write has no response: nothing can time it out and send it again,
// so it runs only where no path dies (docs/posted_writes.md).
void check_posted_writes(const config& c) {
    if (traffic_op_named(c.choice("workload.op")) != traffic_op::WRITE_POSTED) return;
    if (c.real("gpu.retry_timeout_us") != 0)
        throw config_error(fmt::format(
            "gpu.retry_timeout_us = {:g} with workload.op = write_posted: a posted write has no "
            "response to time out on; allowed: gpu.retry_timeout_us = 0, or workload.op = write",
            c.real("gpu.retry_timeout_us")));
    const std::vector<link_fault_spec> faults = faults_from(c);
    for (size_t i = 0; i < faults.size(); ++i) {
        if (faults[i].fault.kind != serdes::lane_fault::LINK_DOWN) continue;
        throw config_error(fmt::format(
            "faults[{}].event = link_down with workload.op = write_posted: a link that goes down "
            "drops posted writes, which no response times out and sends again; allowed: "
            "link_up, lane_down events that leave every link link.min_lanes (link.ber is fine: "
            "the link layer replays), or workload.op = write",
            i));
    }
}

} // namespace

void check_posted_lane_deaths(const config& c, const std::vector<serdes::link_params>& tiers,
                              const std::function<unsigned(const std::string&)>& tier_of) {
    if (traffic_op_named(c.choice("workload.op")) != traffic_op::WRITE_POSTED) return;
    const std::vector<link_fault_spec> faults = faults_from(c);
    // Lanes each fault kills on a link direction it hits, at most (a named
    // lane may be dead already; a seeded one is chosen among the living).
    auto kills = [](const link_fault_spec& f) { return f.fault.lane >= 0 ? 1u : f.fault.count; };
    for (const char* direction : {"a_to_b", "b_to_a"}) {
        auto hits = [&](const link_fault_spec& f) {
            return f.fault.kind == serdes::lane_fault::LANE_DOWN &&
                   (f.direction == "both" || f.direction == direction);
        };
        // Unnamed faults hit every link; the worst link of a tier adds the
        // named faults of the link of that tier that has most.
        uint64_t everywhere = 0;
        std::map<std::string, uint64_t> named;
        for (const link_fault_spec& f : faults)
            if (hits(f)) (f.link.empty() ? everywhere : named[f.link]) += kills(f);
        for (size_t k = 0; k < tiers.size(); ++k) {
            std::string worst_link;
            uint64_t worst = 0;
            for (const auto& [name, n] : named)
                if (tier_of(name) == k && n > worst) worst = n, worst_link = name;
            const serdes::link_params& p = tiers[k];
            const unsigned dead =
                p.dead_lanes.empty() ? p.dead_lane_count : unsigned(p.dead_lanes.size());
            const int64_t alive = int64_t(p.lanes + p.spare_lanes) - dead;
            const int64_t floor = std::max(p.min_lanes, 1u);
            // A link trained below link.min_lanes is down from the start:
            // routes avoid it and it drops nothing.
            if (alive < floor || alive - int64_t(everywhere + worst) >= floor) continue;
            size_t first = 0;
            while (!hits(faults[first]) ||
                   !(faults[first].link.empty() || faults[first].link == worst_link))
                ++first;
            throw config_error(fmt::format(
                "faults[{}].event = lane_down with workload.op = write_posted: {} lane deaths "
                "on {} ({}) leave {} of its {} live lanes, below link.min_lanes = {}, and a link "
                "that goes down drops posted writes, which nothing sends again; allowed: lane "
                "deaths that leave every link link.min_lanes, or workload.op = write",
                first, everywhere + worst, worst_link.empty() ? "every link" : worst_link,
                direction, std::max<int64_t>(0, alive - int64_t(everywhere + worst)), alive,
                p.min_lanes));
        }
    }
}

void check_link_and_traffic(const config& c, bool one_tier) {
    check_link(c);
    check_posted_writes(c);
    // One link technology for every link: tier 0 (a fabric checks its tiers itself).
    if (one_tier)
        check_posted_lane_deaths(c, {link_params_from(c)}, [](const std::string&) { return 0u; });
    // A warm-up of every request would leave the latency statistics empty.
    const int64_t requests = c.integer("workload.bytes") / c.integer("workload.request_bytes");
    const int64_t warmup = c.integer("workload.warmup_requests");
    if (warmup > 0 && warmup >= requests)
        throw config_error(fmt::format("workload.warmup_requests = {} leaves no request measured; "
                                       "allowed: fewer than the {} requests (workload.bytes / "
                                       "workload.request_bytes)",
                                       warmup, requests));
    serdes::link_params link = link_params_from(c);
    int64_t request = c.integer("workload.request_bytes");
    unsigned flits = link.flits(uint64_t(request));
    if (flits > serdes::max_flits_per_message)
        throw config_error(fmt::format(
            "workload.request_bytes = {} needs {} flits of link.flit_payload_bytes = {}; "
            "allowed: at most {} flits per message",
            request, flits, link.flit_payload_bytes, serdes::max_flits_per_message));
    // A message must fit the receiver's buffer and the replay buffer, or it could never be sent.
    if (flits > link.rx_buffer_flits)
        throw config_error(fmt::format("link.rx_buffer_flits = {} is smaller than one {}-flit "
                                       "message of workload.request_bytes = {}; allowed: >= {}",
                                       link.rx_buffer_flits, flits, request, flits));
    if (flits > link.replay_buffer_flits)
        throw config_error(fmt::format("link.replay_buffer_flits = {} is smaller than one "
                                       "{}-flit message of workload.request_bytes = {}; allowed: "
                                       ">= {}",
                                       link.replay_buffer_flits, flits, request, flits));
    int64_t region = c.integer("workload.region_bytes");
    int64_t outstanding = c.integer("workload.max_outstanding");
    if (region / request < outstanding)
        throw config_error(fmt::format(
            "workload.region_bytes = {} holds {} requests of workload.request_bytes = {}, fewer "
            "than workload.max_outstanding = {}; allowed: >= {}",
            region, region / request, request, outstanding, outstanding * request));
    int64_t capacity = c.integer("memory.capacity_gib") << 30;
    if (region > capacity)
        throw config_error(fmt::format("workload.region_bytes = {} exceeds memory.capacity_gib = "
                                       "{}; allowed: <= {}",
                                       region, c.integer("memory.capacity_gib"), capacity));
    if (c.integer("workload.bytes") < request)
        throw config_error(fmt::format("workload.bytes = {} is less than one request of "
                                       "workload.request_bytes = {}; allowed: >= {}",
                                       c.integer("workload.bytes"), request, request));
}

} // namespace lumen
