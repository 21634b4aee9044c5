// SPDX-License-Identifier: Apache-2.0
#include "models/platform/model_config.h"

#include <fmt/format.h>

namespace lumen {

// Published figures (see README, "Embedded default"): MOSAIC's 2 Gb/s
// directly modulated microLED channels; LightBundle's 256 active + 64 spare
// lanes and 5-10 m reach, raw BER < 1e-9; Avicena's 200 fJ/bit transmitter.
// The rest are our assumptions, named as such in the help.
void declare_link_keys(config_schema& s) {
    s.add_integer("link.lanes", 256, 1, 4096, "lanes",
                  "active data lanes per direction (published: LightBundle 256 active)");
    s.add_integer("link.spare_lanes", 64, 0, 4096, "lanes",
                  "spare lanes, dark until a lane fails (published: LightBundle 64 spare)");
    s.add_real("link.lane_rate_gbps", 2.0, 0.0, 400.0, "Gb/s",
               "line rate of one lane (published: MOSAIC 2 Gb/s per channel)", true);
    s.add_choice("link.encoding", "8b10b", serdes::line_code_names(),
                 "line code of each lane (assumption: 8b/10b keeps the LED drive DC-balanced)");
    s.add_real("link.length_m", 10.0, 0.0, 1000.0, "m",
               "imaging-fiber length (published: LightBundle 5-10 m reach)");
    s.add_real("link.ns_per_m", 5.0, 0.0, 100.0, "ns/m",
               "propagation delay (physics: group index about 1.47)", true);
    s.add_real("link.ber", 1e-9, 0.0, 1e-2, "",
               "raw bit error rate of a lane (published: LightBundle < 1e-9 without FEC)");
    s.add_integer("link.bits_per_symbol", 1, 1, 8, "bits",
                  "modulation: 1 for on-off keying/NRZ, 2 for PAM4 (reported as the baud rate)");
    s.add_real("link.reach_m", 10.0, 0.0, 100000.0, "m",
               "the technology's reach; a longer link.length_m is a config error", true);
    s.add_choice("link.fec", "none", {"none", "rs544"},
                 "forward error correction: none, or RS(544,514) (IEEE 802.3 Clause 91)");
    s.add_real("link.fec_tx_ns", 0.0, 0.0, 100000.0, "ns", "FEC encoder latency");
    s.add_real("link.fec_rx_ns", 0.0, 0.0, 100000.0, "ns", "FEC decoder latency");
    s.add_integer("link.flit_payload_bytes", 256, 8, 4096, "B",
                  "data bytes per flit at most (assumption)");
    s.add_integer("link.flit_header_bytes", 16, 4, 64, "B",
                  "flit header: sequence, type, length, address (assumption)");
    s.add_integer("link.rx_buffer_flits", 64, 1, 1 << 20, "flits",
                  "receive buffer per virtual channel; the transmitter's credits (assumption)");
    s.add_integer("link.replay_buffer_flits", 256, 1, 1 << 20, "flits",
                  "transmitter's replay buffer (assumption)");
    s.add_integer("link.tx_queue_messages", 4, 1, 1 << 16, "messages",
                  "transmit queue per virtual channel before the serializer (assumption)");
    s.add_integer("link.tx_framing_cycles", 2, 0, 1000, "lane cycles",
                  "flit framing and lane striping before the encoder (assumption)");
    s.add_real("link.driver_ns", 0.5, 0.0, 1000.0, "ns", "LED driver and LED rise (assumption)");
    s.add_real("link.receiver_ns", 1.0, 0.0, 1000.0, "ns",
               "photodiode, TIA and clock-data recovery (assumption)");
    s.add_integer("link.deskew_cycles", 4, 0, 1000, "lane cycles",
                  "lane deskew buffer (assumption)");
    s.add_integer("link.decode_cycles", 2, 0, 1000, "lane cycles",
                  "lane decoder and flit reassembly (assumption)");
    s.add_real("link.tx_pj_per_bit", 0.2, 0.0, 1000.0, "pJ/bit",
               "transmit energy per wire bit (published: Avicena 200 fJ/bit, ECOC 2025)");
    s.add_real("link.rx_pj_per_bit", 0.3, 0.0, 1000.0, "pJ/bit",
               "receive energy per wire bit (assumption: 0.5 pJ/bit end to end, within the "
               "published 0.1-0.5)");
    s.add_real("link.idle_mw_per_lane", 0.1, 0.0, 10000.0, "mW",
               "bias power of an active lane while it is not sending (assumption)");
}

void declare_memory_keys(config_schema& s) {
    s.add_real("memory.bandwidth_GBps", 100.0, 0.0, 100000.0, "GB/s",
               "data bandwidth of one GPU's memory port (assumption: a slice of an HBM stack)",
               true);
    s.add_real("memory.latency_ns", 100.0, 0.0, 100000.0, "ns", "access latency (assumption)");
    s.add_real("memory.clock_ghz", 1.6, 0.0, 100.0, "GHz", "memory clock; delays are whole cycles",
               true);
    s.add_integer("memory.concurrent_accesses", 64, 1, 1 << 20, "accesses",
                  "accesses in service at once");
    s.add_integer("memory.queue_depth", 32, 1, 1 << 20, "requests",
                  "request queue; END_REQ is withheld when it is full");
    s.add_integer("memory.capacity_gib", 16, 1, 1 << 16, "GiB", "memory behind the port");
}

void declare_traffic_keys(config_schema& s) {
    s.add_choice("workload.op", "mixed", {"read", "write", "mixed"},
                 "requests each GPU issues to the other's memory (mixed: half reads, half writes)");
    s.add_integer("workload.request_bytes", 256, 1, 1 << 20, "B", "bytes per request");
    s.add_integer("workload.bytes", 16LL << 20, 1, 1LL << 40, "B",
                  "total bytes each GPU moves (requests = bytes / request_bytes)");
    s.add_real("workload.injection_rate", 0.8, 0.0, 1.0, "",
               "offered load as a fraction of the link's payload capacity", true);
    s.add_choice("workload.arrival", "periodic", {"periodic", "poisson"},
                 "request arrival process");
    s.add_integer("workload.max_outstanding", 256, 1, 1 << 20, "requests",
                  "requests in flight per GPU at most");
    s.add_integer("workload.region_bytes", 64LL << 20, 1, 1LL << 40, "B",
                  "size of the remote region each GPU reads and writes");
}

void declare_sim_keys(config_schema& s) {
    s.add_real("sim.max_time_us", 1e5, 0.0, 1e9, "us",
               "simulated time limit; a workload not done by then fails the run", true);
}

serdes::link_params link_params_from(const config& c) {
    serdes::link_params p;
    p.lanes = unsigned(c.integer("link.lanes"));
    p.spare_lanes = unsigned(c.integer("link.spare_lanes"));
    p.lane_rate_gbps = c.real("link.lane_rate_gbps");
    p.line_encoding = serdes::line_code_named(c.choice("link.encoding")).kind;
    p.length_m = c.real("link.length_m");
    p.ns_per_m = c.real("link.ns_per_m");
    p.ber = c.real("link.ber");
    p.bits_per_symbol = unsigned(c.integer("link.bits_per_symbol"));
    p.reach_m = c.real("link.reach_m");
    p.fec = c.choice("link.fec") == "rs544" ? serdes::fec_kind::RS544 : serdes::fec_kind::NONE;
    p.fec_tx_ns = c.real("link.fec_tx_ns");
    p.fec_rx_ns = c.real("link.fec_rx_ns");
    p.flit_payload_bytes = unsigned(c.integer("link.flit_payload_bytes"));
    p.flit_header_bytes = unsigned(c.integer("link.flit_header_bytes"));
    p.rx_buffer_flits = unsigned(c.integer("link.rx_buffer_flits"));
    p.replay_buffer_flits = unsigned(c.integer("link.replay_buffer_flits"));
    p.tx_queue_messages = unsigned(c.integer("link.tx_queue_messages"));
    p.tx_framing_cycles = unsigned(c.integer("link.tx_framing_cycles"));
    p.driver_ns = c.real("link.driver_ns");
    p.receiver_ns = c.real("link.receiver_ns");
    p.deskew_cycles = unsigned(c.integer("link.deskew_cycles"));
    p.decode_cycles = unsigned(c.integer("link.decode_cycles"));
    p.tx_pj_per_bit = c.real("link.tx_pj_per_bit");
    p.rx_pj_per_bit = c.real("link.rx_pj_per_bit");
    p.idle_mw_per_lane = c.real("link.idle_mw_per_lane");
    return p;
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
    std::string op = c.choice("workload.op");
    p.op = op == "read" ? traffic_op::READ : op == "write" ? traffic_op::WRITE : traffic_op::MIXED;
    p.request_bytes = unsigned(c.integer("workload.request_bytes"));
    p.total_bytes = uint64_t(c.integer("workload.bytes"));
    p.offered_GBps = c.real("workload.injection_rate") * link_capacity_GBps;
    p.arrival = c.choice("workload.arrival") == "poisson" ? arrival_process::POISSON
                                                          : arrival_process::PERIODIC;
    p.max_outstanding = unsigned(c.integer("workload.max_outstanding"));
    p.region_bytes = uint64_t(c.integer("workload.region_bytes"));
    p.seed = seed;
    return p;
}

void check_link(const config& c) {
    serdes::link_params link = link_params_from(c);
    if (link.length_m > link.reach_m)
        throw config_error(fmt::format("link.length_m = {} exceeds the technology's reach "
                                       "link.reach_m = {} m; allowed: <= {}",
                                       link.length_m, link.reach_m, link.reach_m));
}

void check_link_and_traffic(const config& c) {
    check_link(c);
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
