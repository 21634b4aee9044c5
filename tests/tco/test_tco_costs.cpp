// SPDX-License-Identifier: Apache-2.0
// The TCO sums against hand calculations written out here from the presets'
// published figures, the link counts against the topologies' closed forms,
// and the tco.* keys.
#include "models/fabric/topology_generators.h"
#include "models/platform/presets.h"
#include "models/tco/tco.h"
#include "tests/tco/field_fit.h"

#include <catch2/catch.hpp>

using namespace lumen::tco;
using Catch::Detail::Approx;
using namespace lumen::tco::test;

namespace {

double preset_value(const std::string& preset, const std::string& key) {
    for (const auto& v : lumen::find_link_preset(preset).values)
        if (v.key == key) return v.value.get<double>();
    FAIL("preset " << preset << " has no " << key);
    return 0;
}

const tier_counts& tier(const cluster_counts& c, const std::string& name) {
    for (const auto& t : c.tiers)
        if (t.name == name) return t;
    FAIL("no tier " << name);
    return c.tiers.front();
}

// 16 GPUs, 2 leaves of 8, 2 spines, 2 uplinks from each leaf to each spine.
cluster_counts small_cluster() {
    lumen::fabric::leaf_spine_params p;
    p.gpus = 16;
    p.gpus_per_leaf = 8;
    p.spines = 2;
    p.uplinks_per_spine = 2;
    return counts_of(lumen::fabric::make_leaf_spine(p));
}

} // namespace

TEST_CASE("tco: 16 GPUs on copper and pluggable optics, against a hand calculation", "[tco]") {
    const cluster_counts c = small_cluster();
    REQUIRE(c.gpus == 16);
    // gpu_leaf: one link per GPU; leaf_spine: 2 leaves x 2 spines x 2 uplinks.
    REQUIRE(tier(c, "gpu_leaf").links == 16);
    REQUIRE(tier(c, "leaf_spine").links == 8);

    tco_params p;
    p.pue = 1.5;
    p.usd_per_kwh = 0.10;
    p.years = 3;
    p.restart_minutes = 12;
    p.checkpoint_minutes = 36; // 18 + 12 min = 0.5 h lost per interruption
    const tco_result r = evaluate(
        c, {{"gpu_leaf", "copper-224g", 0.5}, {"leaf_spine", "optics-800g-pluggable", 1.0}}, p);

    // Copper end (preset): 4 lanes x 224 Gb/s x (2.5 + 2.5) pJ/bit = 4.48 W
    // full, 4 x 560 mW = 2.24 W idle; at half load 3.36 W; 32 ends.
    const double copper_w = 32 * (0.5 * 4.48 + 0.5 * 2.24);
    // Pluggable end: 8 x 106.25 Gb/s x (9.4 + 9.4) pJ/bit = 15.98 W; 16 ends.
    const double optics_w = 16 * 15.98;
    const double power_w = copper_w + optics_w; // 107.52 + 255.68 = 363.2 W
    CHECK(r.power_w == Approx(363.2));
    CHECK(r.power_w == Approx(power_w));
    CHECK(r.power_w_per_gpu == Approx(363.2 / 16));
    const double kwh = 0.3632 * 24 * 365.25 * 1.5; // 4775.7
    CHECK(r.energy_kwh_per_year == Approx(kwh));
    CHECK(r.energy_usd_per_year == Approx(kwh * 0.10));
    // Copper: no module, 16 DACs at $250; optics: 16 modules at $800 and 8
    // MPO trunks at $100.
    const double capex = 16 * 250.0 + 16 * 800.0 + 8 * 100.0; // 17,600
    CHECK(r.capex_usd == Approx(17600));
    CHECK(r.total_usd == Approx(capex + 3 * kwh * 0.10));

    // Failures, FIT = per 1e9 h. Copper end: a hundredth of a pluggable's;
    // pluggable end: DSP + 8 lasers; no spares, so a laser failure is an
    // interruption.
    CHECK(pluggable_fit == Approx(274.7).epsilon(1e-3));
    const double copper_per_day = 32 * (pluggable_fit / 100) * 24e-9;
    const double laser_per_day = 16 * 8 * laser_fit * 24e-9;
    const double dsp_per_day = 16 * dsp_fit * 24e-9;
    CHECK(r.lane_failures_per_day == Approx(laser_per_day));
    CHECK(r.link_failures_per_day == Approx(copper_per_day + laser_per_day + dsp_per_day));
    // Out of spares within a year: P(X > 0) = 1 - exp(-8 lasers x FIT x 8766 h).
    const double exhausted_per_day = 16 * (1 - std::exp(-8 * laser_fit * 1e-9 * 8766)) / 365.25;
    const double interruptions = copper_per_day + dsp_per_day + exhausted_per_day;
    CHECK(r.interruptions_per_day == Approx(interruptions));
    CHECK(r.gpu_hours_lost_per_day == Approx(interruptions * 0.5 * 16));

    REQUIRE(r.tiers.size() == 2);
    CHECK(r.tiers[0].power_w + r.tiers[1].power_w == Approx(r.power_w));
}

TEST_CASE("tco: optics at 100,000 GPUs fail every 6-12 h, as MOSAIC reports", "[tco]") {
    // 3 tiers of a link per GPU, all pluggable optics.
    const uint64_t links = 100000;
    const cluster_counts c{{{"a", links, 2 * links, links},
                            {"b", links, 2 * links, links},
                            {"c", links, 2 * links, links}},
                           100000};
    const tco_result r = evaluate(c,
                                  {{"a", "optics-800g-pluggable", 1},
                                   {"b", "optics-800g-pluggable", 1},
                                   {"c", "optics-800g-pluggable", 1}},
                                  tco_params{});
    CHECK(r.link_failures_per_day == Approx(600000 * pluggable_fit * 24e-9));
    const double hours_between = 24 / r.link_failures_per_day; // 6.07 h
    CHECK(hours_between >= 6);
    CHECK(hours_between <= 12);
}

TEST_CASE("tco: Micro LED against pluggable optics, the power ratio the presets imply", "[tco]") {
    // Per end at full load: lanes x rate x (tx + rx), from the preset tables.
    auto full_w = [](const std::string& name) {
        return preset_value(name, "link.lanes") * preset_value(name, "link.lane_rate_gbps") *
               (preset_value(name, "link.tx_pj_per_bit") +
                preset_value(name, "link.rx_pj_per_bit")) *
               1e-3;
    };
    const double mosaic = full_w("microled-mosaic");          // 400 x 2 x 5 = 4.0 W
    const double pluggable = full_w("optics-800g-pluggable"); // 15.98 W
    CHECK(mosaic == Approx(4.0));
    const double ratio = end_power_w(find_technology("microled-mosaic"), 1) /
                         end_power_w(find_technology("optics-800g-pluggable"), 1);
    CHECK(ratio == Approx(mosaic / pluggable));
    CHECK(ratio == Approx(4.0 / 15.98));
    // The derived pluggable end stays within 10 % of the published 15 W SR8 module.
    CHECK(pluggable == Approx(15.0).epsilon(0.1));
    // Idle draws the bias only: 400 lanes x 1 mW.
    CHECK(end_power_w(find_technology("microled-mosaic"), 0) == Approx(0.4));
}

TEST_CASE("tco: counts_of matches the leaf-spine and fat-tree closed forms", "[tco]") {
    lumen::fabric::leaf_spine_params p;
    p.gpus = 32;
    p.gpus_per_leaf = 8;
    p.spines = 4;
    p.uplinks_per_spine = 2;
    p.planes = 2;
    const cluster_counts ls = counts_of(lumen::fabric::make_leaf_spine(p));
    CHECK(ls.gpus == 32);
    REQUIRE(ls.tiers.size() == 2);
    // A link per GPU per plane; per plane leaves x spines x uplinks.
    CHECK(tier(ls, "gpu_leaf").links == 32 * 2);
    CHECK(tier(ls, "leaf_spine").links == (32 / 8) * 4 * 2 * 2);
    for (const auto& t : ls.tiers) {
        CHECK(t.link_ends == 2 * t.links);
        CHECK(t.cables == t.links);
    }
    for (unsigned k : {4u, 6u}) {
        for (unsigned planes : {1u, 2u}) {
            const cluster_counts ft = counts_of(lumen::fabric::make_fat_tree(k, planes));
            // Al-Fares et al.: k^3/4 hosts; per plane k^3/4 host-edge links,
            // k pods x (k/2)^2 edge-aggregation links, (k/2)^2 cores x k.
            const uint64_t per_tier = uint64_t(k) * k * k / 4 * planes;
            CHECK(ft.gpus == uint64_t(k) * k * k / 4);
            REQUIRE(ft.tiers.size() == 3);
            CHECK(tier(ft, "edge").links == per_tier);
            CHECK(tier(ft, "aggregation").links == per_tier);
            CHECK(tier(ft, "core").links == per_tier);
            CHECK(tier(ft, "core").link_ends == 2 * per_tier);
        }
    }
}

TEST_CASE("tco: keys load with their defaults, overrides and range checks", "[tco]") {
    lumen::config_schema s;
    declare_tco_keys(s);
    const tco_params d = tco_params_from(lumen::config::load_text(s, "{}", "test", {}));
    CHECK(d.pue == 1.3);
    CHECK(d.usd_per_kwh == 0.0895);
    CHECK(d.years == 4);
    const tco_params p = tco_params_from(lumen::config::load_text(
        s, R"({"tco": {"pue": 1.58}})", "test",
        {"tco.usd_per_kwh=0.2391", "tco.restart_minutes=5", "tco.checkpoint_minutes=60"}));
    CHECK(p.pue == 1.58);
    CHECK(p.usd_per_kwh == 0.2391);
    CHECK(p.restart_minutes == 5);
    CHECK(p.checkpoint_minutes == 60);
    CHECK_THROWS_WITH(lumen::config::load_text(s, "{}", "test", {"tco.pue=0.9"}),
                      Catch::Contains("tco.pue"));
    for (const auto& k : s.keys()) {
        INFO(k.path);
        CHECK((k.help.find("published") != std::string::npos ||
               k.help.find("assumption") != std::string::npos));
    }
}

TEST_CASE("tco: every technology has a source for every figure", "[tco]") {
    CHECK(technologies().size() == lumen::link_preset_names().size());
    for (const auto& t : technologies()) {
        INFO(t.name);
        for (const auto* f :
             {&t.full_w, &t.idle_w, &t.end_usd, &t.cable_usd, &t.end_fit, &t.lane_fit}) {
            const bool tagged = f->source.rfind("published", 0) == 0 ||
                                f->source.rfind("derived", 0) == 0 ||
                                f->source.rfind("assumption", 0) == 0;
            CHECK(tagged);
        }
    }
    CHECK_THROWS_WITH(find_technology("laser-magic"), Catch::Contains("optics-cpo"));
    CHECK(technologies_help().find("microled-mosaic") != std::string::npos);
}
