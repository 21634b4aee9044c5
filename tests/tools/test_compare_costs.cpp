// SPDX-License-Identifier: Apache-2.0
// lumen-compare's cost columns against a hand calculation from the
// technology table's figures (models/tco), and its plots.
#include "tests/tools/tool_run.h"

#include "models/tco/tco.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>

using namespace lumen::tools::test;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("the cost columns of a point-to-point link, by hand", "[compare][tco]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    const auto doc = dir.path() / "compare.json";
    // 1,024 GPUs of p2p pairs: 512 links, each two pluggable ends and one cable.
    auto r = run_tool("lumen-compare",
                      {"--presets", "optics-800g-pluggable", "--set", "workload.bytes=262144",
                       "--gpus", "1024", "--csv", csv.string(), "--json", doc.string()});
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    CHECK(r.out.find("costs for 1024 GPUs") != std::string::npos);
    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 1);
    auto& row = rows[0];
    const json results = json::parse(read_text(doc)).at("rows").at(0).at("results");
    const double u = (results.at("links").at(0).at("utilization").get<double>() +
                      results.at("links").at(1).at("utilization").get<double>()) /
                     2;

    const auto& t = lumen::tco::find_technology("optics-800g-pluggable");
    const double links = 512, ends = 2 * links;
    const double power_w = ends * (u * t.full_w.value + (1 - u) * t.idle_w.value);
    const double hours_per_year = 24 * 365.25;
    // Defaults: PUE 1.3, 8.95 cents/kWh, 4 years (docs/tco.md).
    const double kwh = power_w / 1000 * hours_per_year * 1.3;
    const double capex = ends * t.end_usd.value + links * t.cable_usd.value;
    const double failures = ends * (t.end_fit.value + 8 * t.lane_fit.value) * 1e-9 * 24;
    // No spare lanes: the first dead laser of the year stops the job.
    const double out_of_spares = -std::expm1(-8 * t.lane_fit.value * 1e-9 * hours_per_year);
    const double interruptions = ends * (t.end_fit.value * 1e-9 * 24 + out_of_spares / 365.25);

    CHECK(row["gpus"] == "1024");
    CHECK(std::stod(row["power_w_per_gpu"]) == Approx(power_w / 1024).epsilon(1e-9));
    CHECK(std::stod(row["capex_usd"]) == Approx(capex).epsilon(1e-9));
    CHECK(std::stod(row["energy_kwh_per_year"]) == Approx(kwh).epsilon(1e-9));
    CHECK(std::stod(row["energy_usd_per_year"]) == Approx(kwh * 0.0895).epsilon(1e-9));
    CHECK(std::stod(row["capex_usd_per_year"]) == Approx(capex / 4).epsilon(1e-9));
    CHECK(std::stod(row["usd_per_year"]) == Approx(kwh * 0.0895 + capex / 4).epsilon(1e-9));
    CHECK(std::stod(row["link_failures_per_day"]) == Approx(failures).epsilon(1e-9));
    CHECK(std::stod(row["interruptions_per_day"]) == Approx(interruptions).epsilon(1e-6));
    // Half a 30-minute checkpoint interval plus a 10-minute restart, on every GPU.
    CHECK(std::stod(row["gpu_hours_lost_per_day"]) ==
          Approx(interruptions * 25.0 / 60 * 1024).epsilon(1e-6));
    // The new names and their one-release aliases agree.
    CHECK(row["completion_time_ns"] == row["sim_time_ns"]);
    CHECK(row["interconnect_power_w"] == row["link_power_w"]);
}

TEST_CASE("plots: --plot draws time and cost per year beside the CSV", "[compare][plot]") {
    scratch_dir dir;
    const auto plots = dir.path() / "plots";
    auto r =
        run_tool("lumen-compare", {"--presets", "microled-lightbundle,optics-cpo", "--set",
                                   "workload.bytes=262144", "--plot", plots.string(), "--quiet"});
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    REQUIRE(fs::exists(plots / "compare.csv"));
    CHECK(read_csv(plots / "compare.csv").size() == 2);
    const std::string script = read_text(plots / "compare.gp");
    CHECK(script.find("\"microled-lightbundle\"") != std::string::npos);
    CHECK(script.find("rowstacked") != std::string::npos);
    for (const char* file : {"time.svg", "time.png", "cost_per_year.svg", "cost_per_year.png"}) {
        INFO(file);
        REQUIRE(fs::exists(plots / file));
        CHECK(fs::file_size(plots / file) > 1000);
    }
    CHECK(read_text(plots / "cost_per_year.svg").find("capital / tco.years") != std::string::npos);
}
