// SPDX-License-Identifier: Apache-2.0
#include "models/platform/model_config.h"

#include "models/core/config_parse.h"
#include "models/platform/recovery_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lumen {

// Published figures (see README, "Embedded default"): MOSAIC's 2 Gb/s
// directly modulated microLED channels; LightBundle's 256 active + 64 spare
// lanes and 5-10 m reach, raw BER < 1e-9; Avicena's 200 fJ/bit transmitter.
// The rest are our assumptions, named as such in the help.
void declare_link_keys(config_schema& s) {
    // Defaults are the link_params fields they fill: one source of truth.
    const serdes::link_params d;
    s.add_integer("link.lanes", d.lanes, 1, 4096, "lanes",
                  "active data lanes per direction (published: LightBundle 256 active)");
    s.add_integer("link.spare_lanes", d.spare_lanes, 0, 4096, "lanes",
                  "spare lanes, dark until a lane fails (published: LightBundle 64 spare)");
    s.add_real("link.lane_rate_gbps", d.lane_rate_gbps, 0.0, 400.0, "Gb/s",
               "line rate of one lane (published: MOSAIC 2 Gb/s per channel)", true);
    s.add_choice("link.encoding", d.code().name, serdes::line_code_names(),
                 "line code of each lane (assumption: 8b/10b keeps the LED drive DC-balanced)");
    s.add_real("link.length_m", d.length_m, 0.0, 1000.0, "m",
               "imaging-fiber length (published: LightBundle 5-10 m reach)");
    s.add_real("link.ns_per_m", d.ns_per_m, 0.0, 100.0, "ns/m",
               "propagation delay (physics: group index about 1.47)", true);
    s.add_real("link.ber", d.ber, 0.0, 1e-2, "",
               "raw bit error rate of a lane (published: LightBundle < 1e-9 without FEC)");
    s.add_integer("link.bits_per_symbol", d.bits_per_symbol, 1, 8, "bits",
                  "modulation: 1 for on-off keying/NRZ, 2 for PAM4 (results: lane_baud_gbd)");
    s.add_real("link.reach_m", d.reach_m, 0.0, 100000.0, "m",
               "the technology's reach; a longer link.length_m is a config error", true);
    s.add_choice("link.fec", d.fec == serdes::fec_kind::RS544 ? "rs544" : "none", {"none", "rs544"},
                 "forward error correction: none, or RS(544,514) (IEEE 802.3 Clause 91)");
    s.add_real("link.fec_tx_ns", d.fec_tx_ns, 0.0, 100000.0, "ns", "FEC encoder latency");
    s.add_real("link.fec_rx_ns", d.fec_rx_ns, 0.0, 100000.0, "ns", "FEC decoder latency");
    s.add_integer("link.min_lanes", d.min_lanes, 1, 4096, "lanes",
                  "below this many working lanes the link stays down and carries nothing");
    s.add_real("link.retrain_ns", d.retrain_ns, 0.0, 1e9, "ns",
               "pause of a link retraining after a lane or the link fails");
    s.add_count_or_list(
        "link.dead_lanes", 8192, "lanes",
        "lanes dead from the start: a count (placed by the seed) or a list of "
        "physical lane numbers (0 .. lanes + spare_lanes - 1); spares replace them");
    s.add_real_list("link.lane_ber", 0.0, 0.5, "",
                    "per physical lane BER (lanes + spare_lanes values); empty: link.ber for all");
    s.add_real("link.ber_spread_decades", d.ber_spread_decades, 0.0, 6.0, "decades",
               "per-lane BER spread: lane BER = link.ber * 10^u, u uniform in [-spread, spread]");
    s.add_integer("link.flit_payload_bytes", d.flit_payload_bytes, 8, 4096, "B",
                  "data bytes per flit at most (assumption)");
    s.add_integer("link.flit_header_bytes", d.flit_header_bytes, 4, 64, "B",
                  "flit header: sequence, type, length, address (assumption)");
    s.add_integer("link.rx_buffer_flits", d.rx_buffer_flits, 1, 1 << 20, "flits",
                  "receive buffer per virtual channel; the transmitter's credits (assumption)");
    s.add_integer("link.replay_buffer_flits", d.replay_buffer_flits, 1, 1 << 20, "flits",
                  "transmitter's replay buffer (assumption)");
    s.add_integer("link.tx_queue_messages", d.tx_queue_messages, 1, 1 << 16, "messages",
                  "transmit queue per virtual channel before the serializer (assumption)");
    s.add_integer("link.tx_framing_cycles", d.tx_framing_cycles, 0, 1000, "lane cycles",
                  "flit framing and lane striping before the encoder (assumption)");
    s.add_real("link.driver_ns", d.driver_ns, 0.0, 1000.0, "ns",
               "LED driver and LED rise (assumption)");
    s.add_real("link.receiver_ns", d.receiver_ns, 0.0, 1000.0, "ns",
               "photodiode, TIA and clock-data recovery (assumption)");
    s.add_integer("link.deskew_cycles", d.deskew_cycles, 0, 1000, "lane cycles",
                  "lane deskew buffer (assumption)");
    s.add_integer("link.decode_cycles", d.decode_cycles, 0, 1000, "lane cycles",
                  "lane decoder and flit reassembly (assumption)");
    s.add_real("link.tx_pj_per_bit", d.tx_pj_per_bit, 0.0, 1000.0, "pJ/bit",
               "transmit energy per wire bit (published: Avicena 200 fJ/bit, ECOC 2025)");
    s.add_real("link.rx_pj_per_bit", d.rx_pj_per_bit, 0.0, 1000.0, "pJ/bit",
               "receive energy per wire bit (assumption: 0.5 pJ/bit end to end, within the "
               "published 0.1-0.5)");
    s.add_real("link.idle_mw_per_lane", d.idle_mw_per_lane, 0.0, 10000.0, "mW",
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

// The longest time limit a run can be given; it bounds fault times too.
constexpr double max_sim_time_us = 1e9;

void declare_fault_keys(config_schema& s) {
    s.add_events("faults",
                 "timed link faults, each {\"at_us\": t, \"event\": \"lane_down\" | "
                 "\"link_down\" | \"link_up\", \"link\": name (default all), \"direction\": "
                 "\"a_to_b\" | \"b_to_a\" | \"both\" (default), \"lane\": n or "
                 "\"count\": n (lane_down; lanes chosen by the seed when no lane is named)}");
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
    p.min_lanes = unsigned(c.integer("link.min_lanes"));
    p.retrain_ns = c.real("link.retrain_ns");
    const auto& dead = c.raw("link.dead_lanes");
    if (dead.is_array())
        for (const auto& lane : dead) p.dead_lanes.push_back(lane.get<unsigned>());
    else
        p.dead_lane_count = dead.get<unsigned>();
    p.lane_ber = c.real_list("link.lane_ber");
    p.ber_spread_decades = c.real("link.ber_spread_decades");
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

namespace {

// Go-back-N replays a flit until it crosses whole: where a flit almost never
// survives, the link replays for ever and the run only ends at its time
// limit. The mean lane BER (after FEC) over a full flit's wire bits decides.
void check_flit_survival(const serdes::link_params& link) {
    double mean_ber = link.ber;
    if (!link.lane_ber.empty()) {
        mean_ber = 0;
        for (double b : link.lane_ber) mean_ber += b / double(link.lane_ber.size());
    } else if (link.ber_spread_decades > 0) {
        // E[10^u] for u uniform in [-s, s].
        const double s = link.ber_spread_decades;
        mean_ber *= (std::pow(10.0, s) - std::pow(10.0, -s)) / (2.0 * s * std::log(10.0));
    }
    serdes::link_params at_mean = link;
    at_mean.ber = std::min(mean_ber, 0.5);
    const double ber = link.fec == serdes::fec_kind::NONE ? at_mean.ber : at_mean.effective_ber();
    const double bits = double(link.wire_bits(link.flit_payload_bytes));
    const double survival = std::exp(bits * std::log1p(-std::min(ber, 0.5)));
    if (survival < 0.5)
        throw config_error(fmt::format(
            "link.ber = {:g}: a flit of {:g} wire bits crosses whole with probability {:.3g}, so "
            "replays would never end; allowed: a BER at which flits survive at least half the "
            "time (about <= {:.2g} for these flits), or link.fec = rs544",
            link.ber, bits, survival, -std::log(0.5) / bits));
}

} // namespace

void check_link(const config& c) {
    serdes::link_params link = link_params_from(c);
    unsigned physical = link.lanes + link.spare_lanes;
    for (unsigned lane : link.dead_lanes)
        if (lane >= physical)
            throw config_error(
                fmt::format("link.dead_lanes has lane {}; allowed: lane numbers 0 .. "
                            "{} (link.lanes + link.spare_lanes - 1)",
                            lane, physical - 1));
    if (link.dead_lane_count > physical)
        throw config_error(fmt::format("link.dead_lanes = {} is more than the {} physical lanes; "
                                       "allowed: 0 .. {}",
                                       link.dead_lane_count, physical, physical));
    if (!link.lane_ber.empty() && link.lane_ber.size() != physical)
        throw config_error(fmt::format("link.lane_ber has {} values; allowed: exactly {} "
                                       "(link.lanes + link.spare_lanes), or none",
                                       link.lane_ber.size(), physical));
    if (link.min_lanes > link.lanes)
        throw config_error(fmt::format("link.min_lanes = {} is more than link.lanes = {}; allowed: "
                                       "1 .. {}",
                                       link.min_lanes, link.lanes, link.lanes));
    check_flit_survival(link);
    faults_from(c);
    if (link.length_m > link.reach_m)
        throw config_error(fmt::format("link.length_m = {} exceeds the technology's reach "
                                       "link.reach_m = {} m; allowed: <= {}",
                                       link.length_m, link.reach_m, link.reach_m));
}

std::vector<link_fault_spec> faults_from(const config& c) {
    serdes::link_params link = link_params_from(c);
    unsigned physical = link.lanes + link.spare_lanes;
    std::vector<link_fault_spec> out;
    const auto& list = c.raw("faults");
    // A tier's part config has no sim keys; its faults are bounded by the
    // largest time limit a run can have.
    const bool has_limit = c.has("sim.max_time_us");
    const double max_time_us = has_limit ? c.real("sim.max_time_us") : max_sim_time_us;
    const std::string limit_name = has_limit ? "sim.max_time_us" : "the largest sim.max_time_us";
    for (size_t i = 0; i < list.size(); ++i) {
        const auto& e = list[i];
        auto bad = [&](const std::string& field, const std::string& allowed) {
            std::string got = e.contains(field) ? shown_value(e[field]) : std::string("missing");
            return config_error(
                fmt::format("faults[{}].{} = {}; allowed: {}", i, field, got, allowed));
        };
        for (const auto& [field, value] : e.items())
            if (field != "at_us" && field != "event" && field != "link" && field != "direction" &&
                field != "lane" && field != "count")
                throw bad(field, "at_us, event, link, direction, lane, count");
        link_fault_spec f;
        if (!e.contains("at_us") || !e["at_us"].is_number() || e["at_us"].get<double>() < 0)
            throw bad("at_us", "a time in us, >= 0");
        // A fault after the time limit never happens: a silent no-op that
        // hides a typo in the time (or in the limit).
        if (e["at_us"].get<double>() > max_time_us)
            throw bad("at_us", fmt::format("a time in us, 0 .. {} ({})", max_time_us, limit_name));
        f.fault.at_ps = uint64_t(std::llround(e["at_us"].get<double>() * 1e6));
        std::string event =
            e.contains("event") && e["event"].is_string() ? e["event"].get<std::string>() : "";
        if (event == "lane_down")
            f.fault.kind = serdes::lane_fault::LANE_DOWN;
        else if (event == "link_down")
            f.fault.kind = serdes::lane_fault::LINK_DOWN;
        else if (event == "link_up")
            f.fault.kind = serdes::lane_fault::LINK_UP;
        else
            throw bad("event", "lane_down | link_down | link_up");
        if (e.contains("link")) {
            if (!e["link"].is_string()) throw bad("link", "a link name");
            f.link = e["link"].get<std::string>();
        }
        f.direction = "both";
        if (e.contains("direction")) {
            if (!e["direction"].is_string()) throw bad("direction", "a_to_b | b_to_a | both");
            f.direction = e["direction"].get<std::string>();
            if (f.direction != "a_to_b" && f.direction != "b_to_a" && f.direction != "both")
                throw bad("direction", "a_to_b | b_to_a | both");
        }
        if (e.contains("lane")) {
            if (!e["lane"].is_number_integer() || e["lane"].get<int64_t>() < 0 ||
                e["lane"].get<int64_t>() >= physical ||
                f.fault.kind != serdes::lane_fault::LANE_DOWN)
                throw bad("lane",
                          fmt::format("with lane_down, a lane number 0 .. {}", physical - 1));
            f.fault.lane = e["lane"].get<int>();
        }
        if (e.contains("count")) {
            if (!e["count"].is_number_integer() || e["count"].get<int64_t>() < 1 ||
                e["count"].get<int64_t>() > physical ||
                f.fault.kind != serdes::lane_fault::LANE_DOWN || e.contains("lane"))
                throw bad("count", fmt::format("with lane_down and no lane, 1 .. {}", physical));
            f.fault.count = e["count"].get<unsigned>();
        }
        out.push_back(f);
    }
    return out;
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
