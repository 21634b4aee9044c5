// SPDX-License-Identifier: Apache-2.0
// Reliability: spares absorb Micro LED lane failures, laser failures stop
// the job, the spare-exhaustion tail against the binomial by hand, and
// failure counts scale with the link counts.
#include "models/tco/tco.h"
#include "tests/tco/field_fit.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace lumen::tco;
using Catch::Detail::Approx;
using namespace lumen::tco::test;

namespace {

constexpr double year_h = 24 * 365.25;

cluster_counts one_tier(uint64_t links, uint64_t gpus) {
    return {{{"t", links, 2 * links, links}}, gpus};
}

} // namespace

TEST_CASE("tco: spare exhaustion against the binomial by hand", "[tco]") {
    // 4 + 1 lanes at 1e5 FIT for a year: p = 1 - exp(-1e-4 x 8766);
    // P(X > 1) = 1 - q^5 - 5 p q^4.
    const double p = 1 - std::exp(-1e5 * 1e-9 * year_h);
    const double q = 1 - p;
    CHECK(spares_exhausted_probability(4, 1, 1e5, year_h) ==
          Approx(1 - std::pow(q, 5) - 5 * p * std::pow(q, 4)));
    // No spares: any lane failure, P(X > 0) = 1 - q^n.
    CHECK(spares_exhausted_probability(8, 0, 1e5, year_h) == Approx(1 - std::pow(q, 8)));
    // A tail far below what 1 - P(X <= s) could resolve: n = 3, s = 1,
    // P(X >= 2) = 3 p^2 q + p^3 with p about 1e-9.
    const double tiny = 1 - std::exp(-1.0 * 1e-9 * 1.0);
    CHECK(spares_exhausted_probability(2, 1, 1.0, 1.0) ==
          Approx(3 * tiny * tiny * (1 - tiny) + tiny * tiny * tiny));
    CHECK(spares_exhausted_probability(2, 1, 1.0, 1.0) > 0);
    CHECK(spares_exhausted_probability(4, 1, 0, year_h) == 0);
}

TEST_CASE("tco: a lane failure within the spares costs no interruption, a laser's does", "[tco]") {
    const tco_params p;
    const cluster_counts c = one_tier(1000, 1000);
    const technology& led = find_technology("microled-mosaic");
    const technology& laser = find_technology("optics-800g-pluggable");
    REQUIRE(led.spare_lanes == 40);
    REQUIRE(laser.spare_lanes == 0);

    const tco_result m = evaluate(c, {{"t", "microled-mosaic", 1}}, p);
    // 2000 ends x 440 lanes x 10 FIT: LEDs do die ...
    CHECK(m.lane_failures_per_day == Approx(2000 * 440 * 10 * 24e-9));
    CHECK(m.link_failures_per_day > m.interruptions_per_day);
    // ... but 40 spares outlast a year (mean 0.04 deaths per end), so only
    // the end's own FIT (a hundredth of a pluggable's) stops the job.
    CHECK(spares_exhausted_probability(400, 40, 10, year_h) < 1e-60);
    CHECK(m.interruptions_per_day == Approx(2000 * (pluggable_fit / 100) * 24e-9));

    const tco_result o = evaluate(c, {{"t", "optics-800g-pluggable", 1}}, p);
    // Every laser failure is an interruption: P(X > 0) over a year is the
    // rate to within nλT/2 = 0.09 %.
    const double laser_per_day = 2000 * 8 * laser_fit * 24e-9;
    CHECK(o.lane_failures_per_day == Approx(laser_per_day));
    CHECK(o.interruptions_per_day - 2000 * dsp_fit * 24e-9 == Approx(laser_per_day).epsilon(0.001));
    CHECK(o.interruptions_per_day > 90 * m.interruptions_per_day);
    CHECK(o.gpu_hours_lost_per_day > 90 * m.gpu_hours_lost_per_day);
}

TEST_CASE("tco: failure counts scale with link counts", "[tco]") {
    const tco_params p;
    for (const char* tech : {"microled-lightbundle", "copper-224g", "optics-cpo"}) {
        INFO(tech);
        const tco_result a = evaluate(one_tier(100, 64), {{"t", tech, 0.3}}, p);
        const tco_result b = evaluate(one_tier(300, 64), {{"t", tech, 0.3}}, p);
        CHECK(b.link_failures_per_day == Approx(3 * a.link_failures_per_day));
        CHECK(b.interruptions_per_day == Approx(3 * a.interruptions_per_day));
        CHECK(b.power_w == Approx(3 * a.power_w));
        CHECK(b.capex_usd == Approx(3 * a.capex_usd));
        // Same interruptions on twice the GPUs lose twice the GPU-hours.
        const tco_result g = evaluate(one_tier(100, 128), {{"t", tech, 0.3}}, p);
        CHECK(g.gpu_hours_lost_per_day == Approx(2 * a.gpu_hours_lost_per_day));
    }
}

TEST_CASE("tco: a bad tier assignment names the tier", "[tco]") {
    const tco_params p;
    const cluster_counts c = one_tier(10, 8);
    CHECK_THROWS_WITH(evaluate(c, {}, p), Catch::Contains("tier t"));
    CHECK_THROWS_WITH(evaluate(c, {{"t", "copper-224g", 1}, {"x", "copper-224g", 1}}, p),
                      Catch::Contains("tier x"));
    CHECK_THROWS_WITH(evaluate(c, {{"t", "copper-224g", 1.5}}, p), Catch::Contains("0 .. 1"));
    CHECK_THROWS_WITH(evaluate(c, {{"t", "nope", 1}}, p), Catch::Contains("nope"));
}

TEST_CASE("tco: the json section carries the totals and the tiers", "[tco]") {
    const tco_params p;
    const tco_result r = evaluate(one_tier(10, 8), {{"t", "microled-default", 0.5}}, p);
    const nlohmann::json j = tco_json(r, p);
    CHECK(j["power_w"].get<double>() == Approx(r.power_w));
    CHECK(j["gpu_hours_lost_per_day"].get<double>() == Approx(r.gpu_hours_lost_per_day));
    CHECK(j["params"]["pue"].get<double>() == 1.3);
    REQUIRE(j["tiers"].size() == 1);
    CHECK(j["tiers"][0]["technology"] == "microled-default");
    CHECK(j["tiers"][0]["link_ends"] == 20);
}
