// SPDX-License-Identifier: Apache-2.0
#include "models/platform/link_config.h"

#include "models/core/config_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lumen {

namespace {

using serdes::link_params;

// How a key is declared and read: INTEGER and REAL fill the link_params
// field the entry names; the others fill fields of their own kind.
enum class link_key_kind { INTEGER, REAL, ENCODING, FEC, DEAD_LANES, LANE_BER, RTT_BUFFERS };

// One link key. Declaring and reading walk the same table, so no key can be
// declared and not read, or read under another name; a key's default is the
// link_params field it fills (one source of truth).
struct link_key {
    const char* path;
    link_key_kind kind;
    unsigned link_params::*integer; // INTEGER
    double link_params::*real;      // REAL
    double min, max;                // INTEGER, REAL, LANE_BER; max: DEAD_LANES
    bool min_exclusive;             // REAL
    const char* unit;
    const char* help;
};

link_key integer_key(const char* path, unsigned link_params::*field, int64_t min, int64_t max,
                     const char* unit, const char* help) {
    return {path, link_key_kind::INTEGER, field, nullptr, double(min), double(max), false, unit,
            help};
}

link_key real_key(const char* path, double link_params::*field, double min, double max,
                  const char* unit, const char* help, bool min_exclusive = false) {
    return {path, link_key_kind::REAL, nullptr, field, min, max, min_exclusive, unit, help};
}

link_key other_key(const char* path, link_key_kind kind, double min, double max, const char* unit,
                   const char* help) {
    return {path, kind, nullptr, nullptr, min, max, false, unit, help};
}

// Published figures (see README, "Embedded default"): MOSAIC's 2 Gb/s
// directly modulated microLED channels; LightBundle's 256 active + 64 spare
// lanes and 5-10 m reach, raw BER < 1e-9; Avicena's 200 fJ/bit transmitter.
// The rest are our assumptions, named as such in the help. The order is the
// order of --help and --print-config.
const std::vector<link_key>& link_keys() {
    using k = link_key_kind;
    using p = link_params;
    static const std::vector<link_key> keys{
        integer_key("link.lanes", &p::lanes, 1, 4096, "lanes",
                    "active data lanes per direction (published: LightBundle 256 active)"),
        integer_key("link.spare_lanes", &p::spare_lanes, 0, 4096, "lanes",
                    "spare lanes, dark until a lane fails (published: LightBundle 64 spare)"),
        real_key("link.lane_rate_gbps", &p::lane_rate_gbps, 0.001, 400.0, "Gb/s",
                 "line rate of one lane (published: MOSAIC 2 Gb/s per channel; from 1 Mb/s, "
                 "where a unit interval's picoseconds still fit the clock)"),
        other_key("link.encoding", k::ENCODING, 0, 0, "",
                  "line code of each lane (assumption: 8b/10b keeps the LED drive DC-balanced)"),
        real_key("link.length_m", &p::length_m, 0.0, 1000.0, "m",
                 "imaging-fiber length (published: LightBundle 5-10 m reach)"),
        real_key("link.ns_per_m", &p::ns_per_m, 0.0, 100.0, "ns/m",
                 "propagation delay (physics: group index about 1.47)", true),
        real_key("link.ber", &p::ber, 0.0, 1e-2, "",
                 "raw bit error rate of a lane (published: LightBundle < 1e-9 without FEC)"),
        integer_key("link.bits_per_symbol", &p::bits_per_symbol, 1, 8, "bits",
                    "modulation: 1 for on-off keying/NRZ, 2 for PAM4 (results: lane_baud_gbd)"),
        real_key("link.reach_m", &p::reach_m, 0.0, 100000.0, "m",
                 "the technology's reach; a longer link.length_m is a config error", true),
        other_key("link.fec", k::FEC, 0, 0, "",
                  "forward error correction: none, or RS(544,514) (IEEE 802.3 Clause 91)"),
        real_key("link.fec_tx_ns", &p::fec_tx_ns, 0.0, 100000.0, "ns", "FEC encoder latency"),
        real_key("link.fec_rx_ns", &p::fec_rx_ns, 0.0, 100000.0, "ns", "FEC decoder latency"),
        integer_key("link.min_lanes", &p::min_lanes, 1, 4096, "lanes",
                    "below this many working lanes the link stays down and carries nothing"),
        real_key("link.retrain_ns", &p::retrain_ns, 0.0, 1e9, "ns",
                 "pause of a link retraining after a lane or the link fails"),
        other_key("link.dead_lanes", k::DEAD_LANES, 0, 8192, "lanes",
                  "lanes dead from the start: a count (placed by the seed) or a list of "
                  "physical lane numbers (0 .. lanes + spare_lanes - 1); spares replace them"),
        other_key("link.lane_ber", k::LANE_BER, 0.0, 0.5, "",
                  "per physical lane BER (lanes + spare_lanes values); empty: link.ber for all"),
        real_key("link.ber_spread_decades", &p::ber_spread_decades, 0.0, 6.0, "decades",
                 "per-lane BER spread: lane BER = link.ber * 10^u, u uniform in [-spread, spread]"),
        integer_key("link.flit_payload_bytes", &p::flit_payload_bytes, 8, 4096, "B",
                    "data bytes per flit at most (assumption)"),
        integer_key("link.flit_header_bytes", &p::flit_header_bytes, 4, 64, "B",
                    "flit header: sequence, type, length, address (assumption)"),
        integer_key("link.rx_buffer_flits", &p::rx_buffer_flits, 1, 1 << 20, "flits",
                    "receive buffer per virtual channel; the transmitter's credits (assumption)"),
        integer_key("link.replay_buffer_flits", &p::replay_buffer_flits, 1, 1 << 20, "flits",
                    "transmitter's replay buffer (assumption)"),
        other_key("link.rtt_buffers", k::RTT_BUFFERS, 0, 0, "",
                  "raise link.rx_buffer_flits and link.replay_buffer_flits to cover the credit "
                  "round trip of the largest message at link.length_m (never lowers them); "
                  "false keeps them as set"),
        integer_key("link.tx_queue_messages", &p::tx_queue_messages, 1, 1 << 16, "messages",
                    "transmit queue per virtual channel before the serializer (assumption)"),
        integer_key("link.tx_framing_cycles", &p::tx_framing_cycles, 0, 1000, "lane cycles",
                    "flit framing and lane striping before the encoder (assumption)"),
        real_key("link.driver_ns", &p::driver_ns, 0.0, 1000.0, "ns",
                 "LED driver and LED rise (assumption)"),
        real_key("link.receiver_ns", &p::receiver_ns, 0.0, 1000.0, "ns",
                 "photodiode, TIA and clock-data recovery (assumption)"),
        integer_key("link.deskew_cycles", &p::deskew_cycles, 0, 1000, "lane cycles",
                    "lane deskew buffer (assumption)"),
        integer_key("link.decode_cycles", &p::decode_cycles, 0, 1000, "lane cycles",
                    "lane decoder and flit reassembly (assumption)"),
        real_key("link.tx_pj_per_bit", &p::tx_pj_per_bit, 0.0, 1000.0, "pJ/bit",
                 "transmit energy per wire bit (published: Avicena 200 fJ/bit, ECOC 2025)"),
        real_key("link.rx_pj_per_bit", &p::rx_pj_per_bit, 0.0, 1000.0, "pJ/bit",
                 "receive energy per wire bit (assumption: 0.5 pJ/bit end to end, within the "
                 "published 0.1-0.5)"),
        real_key("link.idle_mw_per_lane", &p::idle_mw_per_lane, 0.0, 10000.0, "mW",
                 "bias power of an active lane while it is not sending (assumption)"),
    };
    return keys;
}

const std::vector<std::string> fec_names{"none", "rs544"};

const char* fec_name(serdes::fec_kind f) {
    return f == serdes::fec_kind::RS544 ? "rs544" : "none";
}

} // namespace

void declare_link_keys(config_schema& s) {
    const link_params d;
    for (const link_key& k : link_keys()) {
        switch (k.kind) {
        case link_key_kind::INTEGER:
            s.add_integer(k.path, d.*k.integer, int64_t(k.min), int64_t(k.max), k.unit, k.help);
            break;
        case link_key_kind::REAL:
            s.add_real(k.path, d.*k.real, k.min, k.max, k.unit, k.help, k.min_exclusive);
            break;
        case link_key_kind::ENCODING:
            s.add_choice(k.path, d.code().name, serdes::line_code_names(), k.help);
            break;
        case link_key_kind::FEC:
            s.add_choice(k.path, fec_name(d.fec), fec_names, k.help);
            break;
        case link_key_kind::DEAD_LANES:
            s.add_count_or_list(k.path, int64_t(k.max), k.unit, k.help);
            break;
        case link_key_kind::LANE_BER:
            s.add_real_list(k.path, k.min, k.max, k.unit, k.help);
            break;
        case link_key_kind::RTT_BUFFERS:
            s.add_boolean(k.path, true, k.help);
            break;
        }
    }
}

void declare_fault_keys(config_schema& s) {
    s.add_events("faults",
                 "timed link faults, each {\"at_us\": t, \"event\": \"lane_down\" | "
                 "\"link_down\" | \"link_up\", \"link\": name (default all), \"direction\": "
                 "\"a_to_b\" | \"b_to_a\" | \"both\" (default), \"lane\": n or "
                 "\"count\": n (lane_down; lanes chosen by the seed when no lane is named)}");
}

link_params link_params_from(const config& c) {
    link_params p;
    bool rtt_buffers = false;
    for (const link_key& k : link_keys()) {
        switch (k.kind) {
        case link_key_kind::INTEGER:
            p.*k.integer = unsigned(c.integer(k.path));
            break;
        case link_key_kind::REAL:
            p.*k.real = c.real(k.path);
            break;
        case link_key_kind::ENCODING:
            p.line_encoding = serdes::line_code_named(c.choice(k.path)).kind;
            break;
        case link_key_kind::FEC:
            p.fec = c.choice(k.path) == fec_name(serdes::fec_kind::RS544) ? serdes::fec_kind::RS544
                                                                          : serdes::fec_kind::NONE;
            break;
        case link_key_kind::DEAD_LANES: {
            const auto& dead = c.raw(k.path);
            if (dead.is_array())
                for (const auto& lane : dead) p.dead_lanes.push_back(lane.get<unsigned>());
            else
                p.dead_lane_count = dead.get<unsigned>();
            break;
        }
        case link_key_kind::LANE_BER:
            p.lane_ber = c.real_list(k.path);
            break;
        case link_key_kind::RTT_BUFFERS:
            rtt_buffers = c.boolean(k.path);
            break;
        }
    }
    if (rtt_buffers) {
        // No technology is held back by a buffer it did not choose: a longer
        // link or faster lanes get the credits their round trip needs.
        // Applied once every key is read: the round trip needs them all.
        const unsigned rtt = p.round_trip_flits();
        p.rx_buffer_flits = std::max(p.rx_buffer_flits, rtt);
        p.replay_buffer_flits = std::max(p.replay_buffer_flits, rtt);
    }
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

} // namespace lumen
