// SPDX-License-Identifier: Apache-2.0
#include "tools/compare/compare_costs.h"

#include <cmath>
#include <map>

namespace lumen::tools {

using nlohmann::json;

double row_cost::capex_usd_per_year() const {
    return params.years > 0 ? result.capex_usd / params.years : 0.0;
}

double row_cost::usd_per_year() const {
    return result.energy_usd_per_year + capex_usd_per_year();
}

row_cost cost_of(const json& results, const std::string& preset, std::optional<unsigned> gpus) {
    row_cost c;
    // Every link appears once per direction, each with its topology tier.
    std::vector<std::string> order;
    std::map<std::string, std::pair<uint64_t, double>> directions; // count, summed utilization
    for (const auto& l : results.at("links")) {
        const std::string tier = l.value("tier", "link");
        if (!directions.count(tier)) order.push_back(tier);
        auto& d = directions[tier];
        d.first += 1;
        d.second += l.at("utilization").get<double>();
    }
    const json workload = results.value("workload", json::object());
    const uint64_t run_gpus = workload.value("gpus", 2u); // lumen-p2p: two GPUs
    const double scale = gpus ? double(*gpus) / double(run_gpus) : 1.0;
    c.counts.gpus = gpus ? *gpus : run_gpus;

    std::map<std::string, std::string> technology;
    if (results.contains("tco")) {
        for (const auto& t : results["tco"].at("tiers"))
            technology[t.at("tier").get<std::string>()] = t.at("technology").get<std::string>();
        const json& p = results["tco"].at("params");
        c.params.pue = p.at("pue").get<double>();
        c.params.usd_per_kwh = p.at("usd_per_kwh").get<double>();
        c.params.years = p.at("years").get<double>();
        c.params.restart_minutes = p.at("restart_minutes").get<double>();
        c.params.checkpoint_minutes = p.at("checkpoint_minutes").get<double>();
    }
    std::vector<tco::tier_use> use;
    for (const auto& tier : order) {
        const auto& [count, utilization] = directions[tier];
        const uint64_t links = uint64_t(std::ceil(double(count / 2) * scale - 1e-9));
        c.counts.tiers.push_back({tier, links, 2 * links, links});
        const std::string tech = technology.count(tier) ? technology[tier] : preset;
        use.push_back({tier, tech, std::min(1.0, utilization / double(count))});
    }
    c.result = tco::evaluate(c.counts, use, c.params);
    return c;
}

json cost_json(const row_cost& c) {
    json tiers = json::array();
    for (std::size_t i = 0; i < c.counts.tiers.size(); ++i) {
        const auto& n = c.counts.tiers[i];
        const auto& t = c.result.tiers[i];
        tiers.push_back({{"tier", n.name},
                         {"technology", t.technology},
                         {"links", n.links},
                         {"link_ends", n.link_ends},
                         {"cables", n.cables},
                         {"power_w", t.power_w},
                         {"capex_usd", t.capex_usd},
                         {"link_failures_per_day", t.link_failures_per_day},
                         {"interruptions_per_day", t.interruptions_per_day}});
    }
    const auto& r = c.result;
    return {{"gpus", c.counts.gpus},
            {"tiers", tiers},
            {"power_w", r.power_w},
            {"power_w_per_gpu", r.power_w_per_gpu},
            {"energy_kwh_per_year", r.energy_kwh_per_year},
            {"energy_usd_per_year", r.energy_usd_per_year},
            {"capex_usd", r.capex_usd},
            {"capex_usd_per_year", c.capex_usd_per_year()},
            {"usd_per_year", c.usd_per_year()},
            {"total_usd", r.total_usd},
            {"link_failures_per_day", r.link_failures_per_day},
            {"interruptions_per_day", r.interruptions_per_day},
            {"gpu_hours_lost_per_day", r.gpu_hours_lost_per_day},
            {"params",
             {{"pue", c.params.pue},
              {"usd_per_kwh", c.params.usd_per_kwh},
              {"years", c.params.years},
              {"restart_minutes", c.params.restart_minutes},
              {"checkpoint_minutes", c.params.checkpoint_minutes}}}};
}

} // namespace lumen::tools
