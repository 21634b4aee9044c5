// SPDX-License-Identifier: Apache-2.0
// Cluster counts, the cost and failure sums over them, and the tco.* keys.
#include "models/tco/tco.h"

#include <fmt/format.h>

namespace lumen::tco {

namespace {

constexpr double hours_per_day = 24;
constexpr double days_per_year = 365.25;
constexpr double hours_per_year = hours_per_day * days_per_year;

const tier_use& use_of(const std::vector<tier_use>& use, const std::string& tier) {
    for (const auto& u : use)
        if (u.tier == tier) return u;
    throw config_error(fmt::format("tco: tier {} has no technology", tier));
}

} // namespace

cluster_counts counts_of(const fabric::topology& t) {
    cluster_counts c;
    c.gpus = t.gpus();
    for (const auto& name : t.tiers) c.tiers.push_back({name, 0, 0, 0});
    for (const auto& l : t.links) {
        tier_counts& tc = c.tiers.at(l.tier);
        tc.links += 1;
        tc.link_ends += 2; // a full-duplex link has a transceiver at each end
        tc.cables += 1;    // one cable (DAC, fiber trunk, imaging fiber) per link
    }
    return c;
}

tco_result evaluate(const cluster_counts& counts, const std::vector<tier_use>& use,
                    const tco_params& p) {
    for (const auto& u : use) {
        bool found = false;
        for (const auto& tc : counts.tiers) found = found || tc.name == u.tier;
        if (!found) throw config_error(fmt::format("tco: no tier {} in the cluster", u.tier));
        if (!(u.utilization >= 0 && u.utilization <= 1))
            throw config_error(fmt::format("tco: tier {} utilization = {}; allowed: 0 .. 1", u.tier,
                                           u.utilization));
    }
    tco_result r;
    for (const auto& tc : counts.tiers) {
        const tier_use& u = use_of(use, tc.name);
        const technology& t = find_technology(u.technology);
        const double ends = double(tc.link_ends);
        tier_result tr;
        tr.tier = tc.name;
        tr.technology = t.name;
        tr.link_ends = tc.link_ends;
        tr.power_w = ends * end_power_w(t, u.utilization);
        tr.capex_usd = ends * t.end_usd.value + double(tc.cables) * t.cable_usd.value;
        // FIT is failures per 1e9 device-hours.
        const double end_per_day = t.end_fit.value * 1e-9 * hours_per_day;
        const unsigned physical = t.lanes + t.spare_lanes;
        const double lanes_per_day = physical * t.lane_fit.value * 1e-9 * hours_per_day;
        tr.lane_failures_per_day = ends * lanes_per_day;
        tr.link_failures_per_day = ends * end_per_day + tr.lane_failures_per_day;
        // Only an end that runs out of spares within the year stops the job
        // (assumption: yearly maintenance replaces ends with dead lanes).
        const double exhausted_per_day =
            spares_exhausted_probability(t.lanes, t.spare_lanes, t.lane_fit.value, hours_per_year) /
            days_per_year;
        tr.interruptions_per_day = ends * (end_per_day + exhausted_per_day);

        r.power_w += tr.power_w;
        r.capex_usd += tr.capex_usd;
        r.link_failures_per_day += tr.link_failures_per_day;
        r.lane_failures_per_day += tr.lane_failures_per_day;
        r.interruptions_per_day += tr.interruptions_per_day;
        r.tiers.push_back(tr);
    }
    r.power_w_per_gpu = counts.gpus ? r.power_w / double(counts.gpus) : 0;
    r.energy_kwh_per_year = r.power_w * 1e-3 * hours_per_year * p.pue;
    r.energy_usd_per_year = r.energy_kwh_per_year * p.usd_per_kwh;
    r.total_usd = r.capex_usd + p.years * r.energy_usd_per_year;
    // A job restarts from its last checkpoint: on average half an interval
    // of work is lost, plus the restart, on every GPU.
    r.gpu_hours_lost_per_day = r.interruptions_per_day *
                               (p.checkpoint_minutes / 2 + p.restart_minutes) / 60 *
                               double(counts.gpus);
    return r;
}

void declare_tco_keys(config_schema& s) {
    const tco_params d;
    s.add_real("tco.pue", d.pue, 1.0, 3.0, "",
               "power usage effectiveness, facility over IT power (published: Uptime Institute, "
               "new large sites 1.3 or better; industry average 1.58)");
    s.add_real("tco.usd_per_kwh", d.usd_per_kwh, 0.0, 10.0, "USD/kWh",
               "electricity price (published: EIA Electric Power Annual 2023, Virginia "
               "commercial 8.95 cents/kWh)");
    s.add_real("tco.years", d.years, 0.0, 50.0, "years",
               "period of the total cost (assumption: a cluster's service life)", true);
    s.add_real("tco.restart_minutes", d.restart_minutes, 0.0, 10000.0, "min",
               "time a training job takes to restart after an interruption (assumption)");
    s.add_real("tco.checkpoint_minutes", d.checkpoint_minutes, 0.0, 10000.0, "min",
               "checkpoint interval; half of it is lost per interruption on average "
               "(assumption)");
}

tco_params tco_params_from(const config& c) {
    tco_params p;
    p.pue = c.real("tco.pue");
    p.usd_per_kwh = c.real("tco.usd_per_kwh");
    p.years = c.real("tco.years");
    p.restart_minutes = c.real("tco.restart_minutes");
    p.checkpoint_minutes = c.real("tco.checkpoint_minutes");
    return p;
}

nlohmann::json tco_json(const tco_result& r, const tco_params& p) {
    nlohmann::json tiers = nlohmann::json::array();
    for (const auto& t : r.tiers)
        tiers.push_back({{"tier", t.tier},
                         {"technology", t.technology},
                         {"link_ends", t.link_ends},
                         {"power_w", t.power_w},
                         {"capex_usd", t.capex_usd},
                         {"link_failures_per_day", t.link_failures_per_day},
                         {"lane_failures_per_day", t.lane_failures_per_day},
                         {"interruptions_per_day", t.interruptions_per_day}});
    return {{"params",
             {{"pue", p.pue},
              {"usd_per_kwh", p.usd_per_kwh},
              {"years", p.years},
              {"restart_minutes", p.restart_minutes},
              {"checkpoint_minutes", p.checkpoint_minutes}}},
            {"tiers", tiers},
            {"power_w", r.power_w},
            {"power_w_per_gpu", r.power_w_per_gpu},
            {"energy_kwh_per_year", r.energy_kwh_per_year},
            {"energy_usd_per_year", r.energy_usd_per_year},
            {"capex_usd", r.capex_usd},
            {"total_usd", r.total_usd},
            {"link_failures_per_day", r.link_failures_per_day},
            {"lane_failures_per_day", r.lane_failures_per_day},
            {"interruptions_per_day", r.interruptions_per_day},
            {"gpu_hours_lost_per_day", r.gpu_hours_lost_per_day}};
}

} // namespace lumen::tco
