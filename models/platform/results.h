// SPDX-License-Identifier: Apache-2.0
// What a platform run reports: the results JSON of DESIGN.md (stable field
// names and units) and the summary table a person reads on stdout.
#pragma once

#include "models/core/stats.h"
#include "models/serdes/link_channel.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lumen {

struct link_result {
    std::string name;
    std::string tier; // the topology's tier of the link
    unsigned lanes_active = 0;
    double lane_rate_gbps = 0;
    double lane_baud_gbd = 0; // symbols per ns: the rate over link.bits_per_symbol
    std::string encoding;
    uint64_t payload_bytes = 0, wire_bits = 0;
    double utilization = 0;
    uint64_t crc_errors = 0, retries = 0;
    double energy_pj = 0;
    uint64_t rx_overflows = 0;
    uint64_t retrains = 0;
    // Credits: the buffers the link ran with, the buffer a round trip of the
    // largest message needs, and whether the transmitter waited for credits
    // with buffers short of that (credit_bound: the buffer, not the lanes, set the pace).
    unsigned rx_buffer_flits = 0, replay_buffer_flits = 0, round_trip_flits = 0;
    uint64_t credit_stalls = 0;
    bool credit_bound = false;
    std::vector<std::pair<double, unsigned>> lanes_timeline; // (time ns, lanes active)
};

// One direction of a link over a run of `sim_ps`: counters and energy.
link_result summarize_link(const serdes::link_channel& channel, uint64_t sim_ps);

struct switch_port_result {
    uint64_t packets = 0, bytes = 0; // forwarded out of this port, requests and responses
    uint64_t queue_depth_max = 0;
    double queue_depth_mean = 0; // time-weighted, packets
    double blocked_ns = 0;       // arrivals held back by a full input buffer
    double stalled_ns = 0;       // output waiting for the downstream to accept
    uint64_t arbitration_conflicts = 0;
};

struct switch_result {
    std::string name;
    unsigned ports = 0;
    uint64_t forwarded = 0;
    unsigned max_queue_depth = 0;
    std::vector<switch_port_result> port_stats;
    unsigned level = 1;     // 1 for the switches next to the GPUs
    std::string level_name; // leaf, spine; edge, aggregation, core
};

struct run_results {
    std::string platform, preset;
    uint64_t seed = 1;
    nlohmann::json config;
    double sim_time_ns = 0, wall_time_s = 0;
    transaction_counts transactions;
    uint64_t bytes_completed = 0;
    latency_summary latency;
    std::vector<link_result> links;
    std::vector<switch_result> switches;
    nlohmann::json workload = nlohmann::json::object();
    // A topology's shape and its figures per tier and hop count (fabrics).
    nlohmann::json fabric;
    // Cost of ownership and failures of the interconnect (fabrics).
    nlohmann::json tco;
    // Links that died and the GPUs' reissues (fabrics; docs/faults.md).
    nlohmann::json recovery;
    std::string failure; // why the run failed, empty on success

    double throughput_GBps() const;
    double total_energy_pj() const;
    bool passed() const;
    nlohmann::json to_json() const;
    void print_summary(std::FILE* out) const;
};

} // namespace lumen
