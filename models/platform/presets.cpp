// SPDX-License-Identifier: Apache-2.0
#include "models/platform/presets.h"

#include <fmt/format.h>

namespace lumen {

namespace {

const char* const kp4 = "published: IEEE 802.3 Clause 91 RS(544,514)";
const char* const kp4_tx = "published: a CMAC RS-FEC, Tx 21.7 ns (AMD PG203)";
const char* const kp4_rx = "published: a CMAC RS-FEC, Rx 114.8 ns (AMD PG203)";
const char* const pre_fec_ber = "assumption: the pre-FEC BER a KP4 link is specified to";
const char* const serdes_tx =
    "published: 64b/66b transceiver fixed Tx part about 14 ns (AMD PG056)";
const char* const serdes_rx = "published: 64b/66b transceiver fixed Rx part about 9 ns (AMD PG056)";
const char* const no_coding = "assumption: 64b/66b stands in for the 256b/257b transcoding";
const char* const rtt_buffers = "assumption: sized to the credit round trip of a FEC link";

// What the 200G-class electrical and optical SerDes presets share: PAM4
// lanes under RS(544,514), the transceiver's fixed latency, and buffers sized
// to the longer round trip that FEC latency makes.
std::vector<preset_value> with_pam4_fec_serdes(std::vector<preset_value> values) {
    values.insert(values.end(), {{"link.bits_per_symbol", 2, "published: PAM4"},
                                 {"link.encoding", "64b66b", no_coding},
                                 {"link.fec", "rs544", kp4},
                                 {"link.fec_tx_ns", 21.7, kp4_tx},
                                 {"link.fec_rx_ns", 114.8, kp4_rx},
                                 {"link.ber", 2.4e-4, pre_fec_ber},
                                 {"link.driver_ns", 14.0, serdes_tx},
                                 {"link.receiver_ns", 9.0, serdes_rx},
                                 {"link.rx_buffer_flits", 256, rtt_buffers},
                                 {"link.replay_buffer_flits", 1024, rtt_buffers}});
    return values;
}

std::vector<link_preset> build() {
    return {
        {"microled-default",
         "the embedded default: LightBundle's lane array at MOSAIC's lane rate",
         {},
         10.0},
        {"microled-mosaic",
         "Microsoft MOSAIC: wide and slow, 800 Gb/s class over multicore imaging fiber",
         {{"link.lanes", 400,
           "derived: 800 Gb/s target at 2 Gb/s per channel (MOSAIC, SIGCOMM 2025)"},
          {"link.spare_lanes", 40, "assumption: 10 % spare channels"},
          {"link.lane_rate_gbps", 2.0, "published: 2 Gb/s per microLED channel (MOSAIC)"},
          {"link.encoding", "none", "assumption: the analog back end sends bits unencoded"},
          {"link.bits_per_symbol", 1, "published: directly modulated microLEDs (on-off)"},
          {"link.reach_m", 50.0, "published: up to 50 m (MOSAIC)"},
          {"link.ber", 1e-12, "assumption"},
          {"link.fec", "none", "assumption"},
          {"link.tx_pj_per_bit", 2.5,
           "derived: 3.1-5.3 W per 800G link is 3.9-6.6 pJ/bit; 5.0 split evenly"},
          {"link.rx_pj_per_bit", 2.5, "derived: as above"},
          {"link.idle_mw_per_lane", 1.0, "assumption: 10 % of a lane's active power"}},
         10.0},
        {"microled-lightbundle",
         "Avicena LightBundle kit: 256 + 64 spare lanes up to 3.5 Gb/s, 5-10 m",
         {{"link.lanes", 256, "published: 256 active lanes (LightBundle kit 2026)"},
          {"link.spare_lanes", 64, "published: 64 spare lanes"},
          {"link.lane_rate_gbps", 3.5, "published: up to 3.5 Gb/s per lane"},
          {"link.encoding", "8b10b", "assumption"},
          {"link.bits_per_symbol", 1, "published: microLED on-off keying"},
          {"link.reach_m", 10.0, "published: 5-10 m"},
          {"link.ber", 1e-9, "published: raw BER < 1e-9 without FEC"},
          {"link.fec", "none", "published: no FEC"},
          {"link.tx_pj_per_bit", 0.2, "published: transmitter 200 fJ/bit (Avicena, ECOC 2025)"},
          {"link.rx_pj_per_bit", 0.3,
           "assumption: 0.5 pJ/bit end to end, inside the vendor's 0.1-0.5"},
          {"link.idle_mw_per_lane", 0.18, "assumption: 10 % of a lane's active power"}},
         5.0},
        {"copper-224g",
         "224G PAM4 electrical SerDes over copper: 4 x 200G lanes per 800G port, 1-2 m",
         with_pam4_fec_serdes(
             {{"link.lanes", 4, "derived: an 800G port of 200G lanes"},
              {"link.spare_lanes", 0, "published: copper lanes have no spares"},
              {"link.lane_rate_gbps", 224.0, "published: 112 GBd PAM4 = 224 Gb/s per lane"},
              {"link.reach_m", 2.0, "published: electrical reach under about 1-2 m at 200G/lane"},
              {"link.ns_per_m", 4.8, "assumption: twinax at about 0.7 c"},
              {"link.tx_pj_per_bit", 2.5,
               "published: about 5 pJ/bit end to end for a 100G PAM4 SerDes (IBM JSSC); split "
               "evenly"},
              {"link.rx_pj_per_bit", 2.5, "published: as above"},
              {"link.idle_mw_per_lane", 560.0,
               "assumption: 50 % of a lane's active power (CDR and DSP stay on)"}}),
         1.0},
        {"optics-800g-pluggable", "800G SR8 pluggable optics: 8 x 100G PAM4 lanes, 50 m",
         with_pam4_fec_serdes(
             {{"link.lanes", 8, "published: 8 x 100G (NVIDIA SR8/DR8 modules)"},
              {"link.spare_lanes", 0, "published: no spare lanes"},
              {"link.lane_rate_gbps", 106.25, "published: 53.125 GBd PAM4 per lane"},
              {"link.reach_m", 50.0, "published: SR reach 50 m"},
              {"link.tx_pj_per_bit", 9.4, "derived: SR8 15 W per 800G = 18.8 pJ/bit; split evenly"},
              {"link.rx_pj_per_bit", 9.4, "derived: as above"},
              {"link.idle_mw_per_lane", 1000.0,
               "assumption: 50 % of a lane's active power (lasers and DSP stay on)"}}),
         10.0},
        {"optics-cpo",
         "co-packaged optics: 4 x 200G per wavelength, 3.5x less power than pluggables",
         with_pam4_fec_serdes(
             {{"link.lanes", 4, "derived: 800G of 200G wavelengths"},
              {"link.spare_lanes", 0, "published: no spare lanes"},
              {"link.lane_rate_gbps", 212.5,
               "published: 200G per wavelength (NVIDIA Quantum-X Photonics)"},
              {"link.reach_m", 50.0, "assumption: as pluggable SR"},
              {"link.tx_pj_per_bit", 2.69,
               "derived: 18.8 pJ/bit / 3.5 = 5.37 pJ/bit; split evenly"},
              {"link.rx_pj_per_bit", 2.69, "derived: as above"},
              {"link.idle_mw_per_lane", 570.0, "assumption: 50 % of a lane's active power"}}),
         10.0},
    };
}

} // namespace

const std::vector<link_preset>& link_presets() {
    static const std::vector<link_preset> presets = build();
    return presets;
}

std::vector<std::string> link_preset_names() {
    std::vector<std::string> names;
    for (const auto& p : link_presets()) names.push_back(p.name);
    return names;
}

const link_preset& find_link_preset(const std::string& name) {
    for (const auto& p : link_presets())
        if (p.name == name) return p;
    std::string known;
    for (const auto& n : link_preset_names()) known += (known.empty() ? "" : " | ") + n;
    throw config_error(fmt::format("--preset {}: no such preset; allowed: {}", name, known));
}

void apply_link_preset(config_schema& schema, const std::string& name) {
    for (const auto& v : find_link_preset(name).values) schema.set_default(v.key, v.value);
}

std::string link_presets_help() {
    std::string out;
    for (const auto& p : link_presets()) {
        out += fmt::format("\n  {}: {}\n", p.name, p.summary);
        if (p.values.empty()) out += "      the config keys' own defaults (see above)\n";
        out +=
            fmt::format("      typical length {:g} m (documentation only: the run's link.length_m "
                        "or tier length_m is the geometry)\n",
                        p.typical_length_m);
        for (const auto& v : p.values)
            out += fmt::format("      {:<24} {:<10} {}\n", v.key, v.value.dump(), v.source);
    }
    return out;
}

} // namespace lumen
