// SPDX-License-Identifier: Apache-2.0
// lumen-compare is fair by construction: every preset gets the same offered
// load in GB/s per GPU, a fabric tier's reach is checked per tier, --tier
// varies one tier alone, and a credit-bound link says so.
#include "tests/tools/tool_run.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace lumen::tools::test;
using nlohmann::json;

namespace {

// A small leaf-spine: 4 GPUs, 2 per leaf, one spine; a short pattern.
const std::vector<std::string> small_fabric = {"--platform", "fabric",
                                               "--set",      "fabric.gpus=4",
                                               "--set",      "fabric.gpus_per_leaf=2",
                                               "--set",      "fabric.spines=1",
                                               "--set",      "workload.kind=pattern",
                                               "--set",      "workload.bytes=65536"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

TEST_CASE("every preset is offered the same GB/s per GPU, whatever its capacity", "[compare]") {
    scratch_dir dir;
    const auto doc = dir.path() / "compare.json";
    auto r = run_tool("lumen-compare",
                      {"--presets", "microled-default,optics-cpo", "--offered-GBps", "20", "--set",
                       "workload.bytes=262144", "--json", doc.string(), "--quiet"});
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    const json compared = json::parse(read_text(doc));
    REQUIRE(compared.at("offered_GBps_per_gpu") == 20.0);
    const json& rows = compared.at("rows");
    REQUIRE(rows.size() == 2);
    std::vector<double> capacity;
    for (const auto& row : rows) {
        const json& w = row.at("results").at("workload");
        const double cap = w.at("link_payload_capacity_GBps").get<double>();
        // The load a run was offered, in GB/s: its fraction times its own capacity.
        CHECK(w.at("offered_load").get<double>() * cap == Approx(20.0).epsilon(1e-9));
        CHECK(row.at("capacity_GBps_per_gpu").get<double>() == Approx(cap));
        capacity.push_back(cap);
    }
    // 256 lanes x 2 Gb/s x 8/10 x 256/276 / 8 against 4 x 212.5 Gb/s x 64/66 x 514/544 x 256/276
    // / 8.
    CHECK(capacity[0] == Approx(256 * 2.0 * 0.8 * 256 / 276 / 8).epsilon(1e-9));
    CHECK(capacity[1] == Approx(4 * 212.5 * 64 / 66 * 514 / 544 * 256 / 276 / 8).epsilon(1e-9));
    // The same work at the same rate: both move 256 KiB per GPU at 20 GB/s.
    const double t0 = rows[0].at("completion_time_ns").get<double>();
    const double t1 = rows[1].at("completion_time_ns").get<double>();
    CHECK(t0 == Approx(262144 / 20.0).epsilon(0.05));
    CHECK(t1 == Approx(262144 / 20.0).epsilon(0.05));
}

TEST_CASE("in a fabric, a preset that does not reach a tier says which, and --tier varies one",
          "[compare]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    const auto doc = dir.path() / "compare.json";
    auto r = run_tool("lumen-compare",
                      with(small_fabric, {"--presets", "copper-224g,microled-mosaic", "--tier",
                                          "leaf_spine", "--set", "tiers.leaf_spine.length_m=20",
                                          "--csv", csv.string(), "--json", doc.string()}));
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    CHECK(r.out.find("does not reach tier leaf_spine: 20 m > 2 m") != std::string::npos);
    CHECK(r.out.find("fits tier leaf_spine (20 m of 50 m)") != std::string::npos);
    CHECK(r.out.find("tier leaf_spine") != std::string::npos);
    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["status"] == "reach exceeded");
    CHECK(rows[0]["reach_where"] == "tier leaf_spine");
    CHECK(rows[1]["status"] == "passed");

    // The compared tier took the preset; the GPU tier stayed the run's link.*.
    const json compared = json::parse(read_text(doc));
    const json& mosaic = compared.at("rows").at(1).at("results");
    CHECK(mosaic.at("config").at("tiers").at("leaf_spine").at("preset") == "microled-mosaic");
    CHECK(mosaic.at("preset") == "microled-default"); // no --preset: the embedded default
    const json& tiers = mosaic.at("fabric").at("tiers");
    CHECK(tiers.at(0).at("name") == "gpu_leaf");
    CHECK(tiers.at(0).at("length_m") == 10.0);
    CHECK(tiers.at(0).at("link_GBps").get<double>() ==
          Approx(256 * 2.0 * 0.8 * 256 / 276 / 8).epsilon(1e-9));
    CHECK(tiers.at(1).at("length_m") == 20.0);
    CHECK(tiers.at(1).at("link_GBps").get<double>() == Approx(400 * 2.0 / 8 * 256.0 / 276.0));
    const json& cost_tiers = compared.at("rows").at(1).at("cost").at("tiers");
    CHECK(cost_tiers.at(0).at("technology") == "microled-default");
    CHECK(cost_tiers.at(1).at("technology") == "microled-mosaic");
}

TEST_CASE("without --tier every tier of a fabric takes the preset, and copper reaches none",
          "[compare]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    auto r = run_tool("lumen-compare", with(small_fabric, {"--presets", "copper-224g,optics-cpo",
                                                           "--csv", csv.string(), "--quiet"}));
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 2);
    // Every tier is the run's link.*, 10 m long: refused once, as the link.
    CHECK(rows[0]["status"] == "reach exceeded");
    CHECK(rows[0]["reach_where"] == "link");
    CHECK(rows[0]["length_m"] == "10");
    CHECK(rows[1]["status"] == "passed");
}

TEST_CASE("a link whose buffers cannot cover its credit round trip is flagged credit-bound",
          "[compare]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    // MOSAIC writes 4 KiB messages over 10 m as fast as it can: with the
    // buffers as set (64 flits) the credits pace it, with the round trip
    // covered the lanes do.
    const std::vector<std::string> writes = {
        "--presets", "microled-mosaic",        "--offered-GBps", "200",
        "--set",     "workload.op=write",      "--set",          "workload.request_bytes=4096",
        "--set",     "workload.bytes=2097152", "--quiet"};
    auto bound = run_tool("lumen-compare",
                          with(writes, {"--set", "link.rtt_buffers=false", "--csv", csv.string()}));
    INFO(bound.err);
    REQUIRE(bound.exit_status == 0);
    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["credit_bound"] == "true");
    const double bound_load = std::stod(rows[0]["accepted_load"]);

    auto covered = run_tool("lumen-compare", with(writes, {"--csv", csv.string()}));
    REQUIRE(covered.exit_status == 0);
    rows = read_csv(csv);
    CHECK(rows[0]["credit_bound"] == "false");
    const double covered_load = std::stod(rows[0]["accepted_load"]);
    CHECK(bound_load < 0.9);
    CHECK(covered_load > 0.95);
}
