// SPDX-License-Identifier: Apache-2.0
// Cost of ownership and reliability of a cluster's interconnect: what its
// link ends draw from the wall, what they cost to buy, how often they fail
// and how many GPU-hours a training job loses to the failures that stop it.
// Per technology (keyed by link preset name) a table of costs and failure
// rates, each value tagged "published: ...", "derived: ..." or
// "assumption: ..." like the presets; power is derived from the presets' own
// link.* figures so the two models cannot disagree. Plain C++, no SystemC.
// The figures and their sources are in docs/tco.md.
#pragma once

#include "models/core/config.h"
#include "models/fabric/topology.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lumen::tco {

// A figure and where it comes from.
struct sourced {
    double value = 0;
    std::string source; // "published: ...", "derived: ...", "assumption: ..."
};

// One link technology, as one end of a full-duplex link sees it.
struct technology {
    std::string name; // a link preset name (models/platform/presets.h)
    // Power of one link end: it transmits one direction and receives the
    // other. Full: every lane sending; idle: lanes biased, not sending.
    sourced full_w;
    sourced idle_w;
    sourced end_usd;   // transceiver or its share of the package
    sourced cable_usd; // per cable (one per link)
    // Failures. end_fit: the parts of an end whose failure takes the link
    // down (DSP, driver, connector). lane_fit: one physical lane (laser or
    // LED with its photodiode); spare lanes absorb lane failures.
    sourced end_fit;
    sourced lane_fit;
    unsigned lanes = 0;       // active lanes per direction (from the preset)
    unsigned spare_lanes = 0; // from the preset
};

// Every technology, one per link preset, in preset order.
const std::vector<technology>& technologies();
// Throws config_error naming the technology and listing the known ones.
const technology& find_technology(const std::string& name);
// Every technology with its figures and sources, for --help and docs.
std::string technologies_help();

// Power of one link end at a utilization in [0, 1]: busy lanes draw the
// per-bit energy, the rest the idle bias (as the link model's energy count).
double end_power_w(const technology& t, double utilization);

// The probability that one link end loses more lanes than it has spares
// within `hours`: X ~ Binomial(lanes + spare_lanes, 1 - exp(-lane_fit*hours/1e9)),
// P(X > spare_lanes). Computed from the upper tail so tiny values survive.
double spares_exhausted_probability(unsigned lanes, unsigned spare_lanes, double lane_fit,
                                    double hours);

struct tier_counts {
    std::string name; // the topology's tier name, e.g. gpu_leaf
    uint64_t links = 0;
    uint64_t link_ends = 0; // 2 per link
    uint64_t cables = 0;    // 1 per link
};

struct cluster_counts {
    std::vector<tier_counts> tiers;
    uint64_t gpus = 0;
};

// Per-tier link counts of a topology, all planes together.
cluster_counts counts_of(const fabric::topology& t);

// The technology of one tier and how busy its links are.
struct tier_use {
    std::string tier;
    std::string technology; // a technologies() name
    double utilization = 1; // 0 .. 1, averaged over the year
};

struct tco_params {
    double pue = 1.3;               // facility power over IT power
    double usd_per_kwh = 0.0895;    // electricity price
    double years = 4;               // the period of the total
    double restart_minutes = 10;    // a job's restart after an interruption
    double checkpoint_minutes = 30; // checkpoint interval: half of it is lost on average
};

struct tier_result {
    std::string tier;
    std::string technology;
    uint64_t link_ends = 0;
    double power_w = 0;
    double capex_usd = 0;
    double link_failures_per_day = 0; // end failures plus lane failures
    double lane_failures_per_day = 0; // of which lanes (spares may absorb them)
    double interruptions_per_day = 0; // end failures plus ends out of spares
};

struct tco_result {
    std::vector<tier_result> tiers;
    double power_w = 0;
    double power_w_per_gpu = 0;
    double energy_kwh_per_year = 0; // x PUE
    double energy_usd_per_year = 0;
    double capex_usd = 0;
    double total_usd = 0; // capex plus energy over tco.years
    double link_failures_per_day = 0;
    double lane_failures_per_day = 0;
    double interruptions_per_day = 0;
    double gpu_hours_lost_per_day = 0;
};

// Throws config_error when a tier of `counts` has no entry in `use`, an
// entry names no tier or technology, or a utilization is outside [0, 1].
tco_result evaluate(const cluster_counts& counts, const std::vector<tier_use>& use,
                    const tco_params& p);

// tco.pue, tco.usd_per_kwh, tco.years, tco.restart_minutes, tco.checkpoint_minutes.
void declare_tco_keys(config_schema& s);
tco_params tco_params_from(const config& c);

// The "tco" section a platform can attach to its results.
nlohmann::json tco_json(const tco_result& r, const tco_params& p);

} // namespace lumen::tco
