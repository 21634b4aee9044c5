// SPDX-License-Identifier: Apache-2.0
// The technology table: capital cost and failure rates per link preset, each
// with its source (docs/tco.md), and power derived from the preset's link.*
// values so that the TCO and the simulated energy count agree.
#include "models/platform/presets.h"
#include "models/serdes/link_params.h"
#include "models/tco/tco.h"

#include <fmt/format.h>

#include <cmath>

namespace lumen::tco {

namespace {

// A figure as the table holds it: plain constants, so the table is static
// data. `unpriced` prefixes the note that no public price was found.
struct figure {
    double value;
    const char* source;
    bool unpriced = false;
};

// The non-power figures of one technology; power and lanes come from its preset.
struct table_row {
    const char* name;
    figure end_usd, cable_usd, end_fit, lane_fit;
};

// Pluggable optics, the reference the MOSAIC ratios are taken against. The
// per-part FITs found (lasers 50-200, DSP 100-500: midpoints 8 x 100 + 300 =
// 1100 per end, low confidence) are 4x what clusters see, so the rate per end
// comes from Llama 3's field count: 35 switch or cable interruptions in 54
// days on 16,384 GPUs, over 3 tiers of one link per GPU (the SuperPOD
// layout) = 98,304 ends; an upper bound, as switches are in the count. The
// part FITs only split it between lasers and the rest.
constexpr double llama3_ends = 16384.0 * 3 * 2;
constexpr double pluggable_end_fit = 35.0 / (54 * 24) / llama3_ends * 1e9; // 274.7
constexpr double laser_share = 800.0 / 1100;
constexpr double laser_fit = pluggable_end_fit * laser_share / 8; // 25.0 per lane
constexpr double dsp_fit = pluggable_end_fit * (1 - laser_share); // 74.9 per end

constexpr figure microled_end_usd{300,
                                  "a CMOS LED driver and photodiode array on a mature node, "
                                  "below a pluggable's lasers and DSP",
                                  true};
constexpr figure imaging_fiber_usd{200, "a multicore imaging fiber, above a plain MPO trunk", true};
constexpr figure microled_end_fit{pluggable_end_fit / 100,
                                  "derived: 274.7 FIT of a pluggable end / 100 (MOSAIC: "
                                  "100x higher reliability than today's optical links)"};
constexpr figure led_fit{10, "assumption: 10 FIT, 40 % of a laser lane's 25 FIT though LEDs run "
                             "far below their limit; spare lanes absorb them"};
constexpr figure mpo_usd{100, "an MPO fiber trunk of about 10 m", true};
constexpr figure laser_lane_fit{laser_fit,
                                "derived: 274.7 FIT per end (Llama 3 field count) x the "
                                "lasers' share 8 x 100 / 1100 of the vendor blog's part FITs, "
                                "over 8 lanes"};

constexpr table_row rows[] = {
    {"microled-default", microled_end_usd, imaging_fiber_usd, microled_end_fit, led_fit},
    {"microled-mosaic", microled_end_usd, imaging_fiber_usd, microled_end_fit, led_fit},
    {"microled-lightbundle", microled_end_usd, imaging_fiber_usd, microled_end_fit, led_fit},
    {"copper-224g",
     {0, "assumption: the SerDes is part of the switch or GPU silicon; no module to buy"},
     {250, "a passive 800G DAC of 1-2 m", true},
     {pluggable_end_fit / 100, "derived: 274.7 FIT of a pluggable end / 100 (MOSAIC: optical "
                               "links fail up to 100x as often as copper)"},
     {0, "assumption: copper lanes' failures are counted in the end's FIT"}},
    {"optics-800g-pluggable",
     {800, "about $1 per Gb/s for an 800G module", true},
     mpo_usd,
     {dsp_fit, "derived: 274.7 FIT per end (Llama 3: 35 switch or cable interruptions in 54 "
               "days, 16,384 GPUs, 3 tiers) x the DSP's share 300 / 1100 of the vendor "
               "blog's part FITs"},
     laser_lane_fit},
    {"optics-cpo",
     {500, "the optical engine's share of the switch package", true},
     mpo_usd,
     {dsp_fit / 3, "assumption: a third of the pluggable's DSP share: no module DSP (the "
                   "switch ASIC's SerDes drives it), driver and TIA only"},
     laser_lane_fit},
};

sourced from(const figure& f) {
    if (!f.unpriced) return {f.value, f.source};
    return {f.value, fmt::format("assumption: no authoritative public price found "
                                 "(docs/tco.md); our estimate, {}",
                                 f.source)};
}

// A preset's value of a link.* key, or the link model's own default (the
// embedded default preset sets none).
double preset_number(const link_preset& p, const std::string& key, double fallback) {
    for (const auto& v : p.values)
        if (v.key == key) return v.value.get<double>();
    return fallback;
}

technology build(const table_row& r) {
    const link_preset& p = find_link_preset(r.name);
    const serdes::link_params d;
    technology t;
    t.name = r.name;
    t.lanes = unsigned(preset_number(p, "link.lanes", d.lanes));
    t.spare_lanes = unsigned(preset_number(p, "link.spare_lanes", d.spare_lanes));
    const double rate = preset_number(p, "link.lane_rate_gbps", d.lane_rate_gbps);
    const double tx = preset_number(p, "link.tx_pj_per_bit", d.tx_pj_per_bit);
    const double rx = preset_number(p, "link.rx_pj_per_bit", d.rx_pj_per_bit);
    const double idle_mw = preset_number(p, "link.idle_mw_per_lane", d.idle_mw_per_lane);
    // An end sends on its lanes and receives as many: it pays tx + rx per
    // lane bit; Gb/s x pJ/bit = mW.
    t.full_w = {t.lanes * rate * (tx + rx) * 1e-3,
                fmt::format("derived: preset link.lanes {} x link.lane_rate_gbps {} Gb/s x "
                            "(tx {} + rx {}) pJ/bit",
                            t.lanes, rate, tx, rx)};
    // The link model charges idle bias once per lane and direction; half of
    // each direction to each end is one lane's worth per lane.
    t.idle_w = {t.lanes * idle_mw * 1e-3,
                fmt::format("derived: preset link.lanes {} x link.idle_mw_per_lane {} mW", t.lanes,
                            idle_mw)};
    t.end_usd = from(r.end_usd);
    t.cable_usd = from(r.cable_usd);
    t.end_fit = from(r.end_fit);
    t.lane_fit = from(r.lane_fit);
    return t;
}

} // namespace

const std::vector<technology>& technologies() {
    static const std::vector<technology> table = [] {
        std::vector<technology> out;
        for (const auto& r : rows) out.push_back(build(r));
        return out;
    }();
    return table;
}

const technology& find_technology(const std::string& name) {
    std::string known;
    for (const auto& t : technologies()) {
        if (t.name == name) return t;
        known += (known.empty() ? "" : " | ") + t.name;
    }
    throw config_error(
        fmt::format("tco technology {}: none of that name; allowed: {}", name, known));
}

std::string technologies_help() {
    std::string out;
    for (const auto& t : technologies()) {
        out +=
            fmt::format("\n  {} ({} + {} spare lanes per end)\n", t.name, t.lanes, t.spare_lanes);
        auto line = [&](const char* what, const char* unit, const sourced& v) {
            out += fmt::format("      {:<10} {:>10.4g} {:<4} {}\n", what, v.value, unit, v.source);
        };
        line("full", "W", t.full_w);
        line("idle", "W", t.idle_w);
        line("end", "USD", t.end_usd);
        line("cable", "USD", t.cable_usd);
        line("end_fit", "FIT", t.end_fit);
        line("lane_fit", "FIT", t.lane_fit);
    }
    return out;
}

double end_power_w(const technology& t, double utilization) {
    return utilization * t.full_w.value + (1 - utilization) * t.idle_w.value;
}

double spares_exhausted_probability(unsigned lanes, unsigned spare_lanes, double lane_fit,
                                    double hours) {
    const unsigned n = lanes + spare_lanes;
    if (lane_fit <= 0 || spare_lanes >= n) return 0;
    const double p = -std::expm1(-lane_fit * 1e-9 * hours);
    if (p >= 1) return 1;
    // The upper tail in log space: 1 - P(X <= s) cancels to 0 long before
    // P(X > s) underflows, and Micro LED tails are 1e-60 and less.
    const double lp = std::log(p), lq = std::log1p(-p);
    double tail = 0;
    for (unsigned k = spare_lanes + 1; k <= n; ++k) {
        const double term = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) -
                                     std::lgamma(n - k + 1.0) + k * lp + (n - k) * lq);
        tail += term;
        // Past the mode the terms fall geometrically; stop once they vanish.
        if (k > n * p + 1 && term < tail * 1e-17) break;
    }
    return std::min(tail, 1.0);
}

} // namespace lumen::tco
