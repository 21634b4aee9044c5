// SPDX-License-Identifier: Apache-2.0
// lumen-compare over lumen-p2p: the table, its CSV and JSON, the energy ratio
// the presets' published figures imply, reach limits, and bad arguments.
#include "tests/tools/tool_run.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace lumen::tools::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct published_energy {
    double pj_per_wire_bit; // transmitter + receiver, end to end
    double idle_mw_per_lane;
};

// Link energy per payload bit that a preset's figures imply for one run:
//   each link: wire_bits x pJ per wire bit            (dynamic)
//            + idle mW per lane x lanes x idle time   (bias while not sending)
//   idle time = sim_time x (1 - utilization), mW x ps = 1e-3 pJ,
//   per payload bit: the sum over links / (8 x payload bytes over links).
double implied_pj_per_bit(const json& results, const published_energy& e) {
    const double sim_ps = results.at("sim_time_ns").get<double>() * 1e3;
    double energy_pj = 0, payload_bits = 0;
    for (const auto& link : results.at("links")) {
        const double idle_ps = sim_ps * (1.0 - link.at("utilization").get<double>());
        energy_pj += link.at("wire_bits").get<double>() * e.pj_per_wire_bit +
                     e.idle_mw_per_lane * link.at("lanes_active").get<double>() * idle_ps * 1e-3;
        payload_bits += 8.0 * link.at("payload_bytes").get<double>();
    }
    return energy_pj / payload_bits;
}

} // namespace

TEST_CASE("Micro LED against pluggable optics: the energy ratio their figures imply", "[compare]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    const auto doc = dir.path() / "compare.json";
    auto r = run_tool("lumen-compare",
                      {"--presets", "microled-lightbundle,optics-800g-pluggable", "--set",
                       "workload.bytes=262144", "--seed", "3", "--jobs", "2", "--baseline",
                       "microled-lightbundle", "--csv", csv.string(), "--json", doc.string()});
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    CHECK(r.out.find("microled-lightbundle") != std::string::npos);
    CHECK(r.out.find("optics-800g-pluggable") != std::string::npos);
    CHECK(r.out.find("W/(Tb/s)") != std::string::npos);
    CHECK(r.out.find("seed 3") != std::string::npos);

    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["preset"] == "microled-lightbundle");
    CHECK(rows[1]["preset"] == "optics-800g-pluggable");
    for (auto& row : rows) {
        CHECK(row["status"] == "passed");
        CHECK(row["passed"] == "true");
    }
    CHECK(rows[0]["energy_vs_baseline"] == "1");
    const double measured = std::stod(rows[1]["energy_vs_baseline"]);
    CHECK(
        measured ==
        Approx(std::stod(rows[1]["pj_per_bit"]) / std::stod(rows[0]["pj_per_bit"])).epsilon(1e-6));

    const json compared = json::parse(read_text(doc));
    REQUIRE(compared.at("rows").size() == 2);
    const json& microled = compared["rows"][0]["results"];
    const json& optics = compared["rows"][1]["results"];
    // Same workload, same seed, one command.
    CHECK(microled.at("config").at("workload") == optics.at("config").at("workload"));
    CHECK(microled.at("seed") == 3);
    CHECK(optics.at("seed") == 3);

    // LightBundle: transmitter 200 fJ/bit (Avicena, ECOC 2025) and 0.5 pJ/bit
    // end to end; bias 10 % of a 3.5 Gb/s lane's active power, 0.18 mW.
    // SR8 pluggable: 15 W per 800 Gb/s module, 18.8 pJ/bit; lasers and DSP
    // stay on at half a 100G lane's power, 1 W.
    const double implied =
        implied_pj_per_bit(optics, {18.8, 1000.0}) / implied_pj_per_bit(microled, {0.5, 0.18});
    CHECK(measured == Approx(implied).epsilon(0.005));
    CHECK(r.out.find(fmt::format("{:.3f}", measured)) != std::string::npos);
    // Per wire bit alone the ratio is 18.8 / 0.5 = 37.6; 64b/66b puts fewer
    // wire bits under each payload bit than 8b/10b, and idle lasers add more.
    CHECK(measured > 25);
    CHECK(measured < 60);
}

TEST_CASE("a preset whose reach is shorter than the link says so, and the others run",
          "[compare]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    auto r = run_tool("lumen-compare",
                      {"--presets", "copper-224g,microled-lightbundle", "--set", "link.length_m=5",
                       "--set", "workload.bytes=262144", "--csv", csv.string()});
    INFO(r.err);
    CHECK(r.exit_status == 0);
    CHECK(r.out.find("does not reach link: 5 m > 2 m") != std::string::npos);
    CHECK(r.out.find("fits link (5 m of 10 m)") != std::string::npos);
    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["status"] == "reach exceeded");
    CHECK(rows[0]["reach_where"] == "link");
    CHECK(rows[0]["length_m"] == "5");
    CHECK(rows[0]["reach_m"] == "2");
    CHECK(rows[0]["exit_status"] == "2");
    CHECK(rows[0]["sim_time_ns"].empty());
    CHECK(rows[1]["status"] == "passed");
    CHECK(std::stod(rows[1]["sim_time_ns"]) > 0);
    // The length is the platform's, not the preset's typical 5 m, for every preset.
    CHECK(rows[1]["length_m"] == "5");
}

TEST_CASE("presets run over the platform's length, not their own", "[compare]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    // The default link is 10 m: copper (typically 1 m, reach 2 m) does not
    // reach it, LightBundle (typically 5 m, reach 10 m) runs all 10 m.
    auto r = run_tool("lumen-compare", {"--presets", "copper-224g,microled-lightbundle", "--set",
                                        "workload.bytes=262144", "--csv", csv.string()});
    INFO(r.err);
    CHECK(r.exit_status == 0);
    CHECK(r.out.find("does not reach link: 10 m > 2 m") != std::string::npos);
    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["status"] == "reach exceeded");
    CHECK(rows[1]["status"] == "passed");
    CHECK(rows[1]["length_m"] == "10");
}

TEST_CASE("a run that fails makes the comparison fail, and its row says why", "[compare]") {
    scratch_dir dir;
    const auto csv = dir.path() / "compare.csv";
    // 1 us is too short for any preset to move 256 KiB: each run times out.
    auto r = run_tool("lumen-compare", {"--presets", "microled-lightbundle,optics-cpo", "--set",
                                        "workload.bytes=262144", "--set", "sim.max_time_us=1",
                                        "--csv", csv.string(), "--quiet"});
    CHECK(r.exit_status == 1);
    auto rows = read_csv(csv);
    REQUIRE(rows.size() == 2);
    for (auto& row : rows) {
        CHECK(row["status"] == "failed");
        CHECK(row["exit_status"] == "1");
        CHECK_FALSE(row["error"].empty());
    }
}

TEST_CASE("bad compare arguments exit 2 with one line naming them", "[compare]") {
    scratch_dir dir;
    const auto csv = (dir.path() / "compare.csv").string();
    struct bad_case {
        std::vector<std::string> args;
        std::string needle;
    };
    const std::vector<bad_case> cases = {
        {{"--presets", "warp-drive"}, "--presets warp-drive: no such preset"},
        {{"--presets", "optics-cpo,optics-cpo"}, "named twice"},
        {{"--presets", "optics-cpo", "--baseline", "copper-224g"}, "--baseline copper-224g"},
        {{"--presets", "optics-cpo", "--set", "link.lanez=3", "--csv", csv}, "link.lanez"},
        {{"--platform", "mesh"}, "--platform"},
        {{"--jobs", "0"}, "--jobs"},
        {{"--tier", "leaf_spine"}, "--tier leaf_spine: only --platform fabric"},
        {{"--offered-GBps", "0"}, "--offered-GBps"},
        {{"--gpus", "0"}, "--gpus"},
        {{"--platform", "fabric", "--presets", "optics-cpo", "--tier", "nope"}, "tiers.nope"},
        {{"--presets", "optics-cpo", "--json", "/nonexistent/dir/out.json"}, "--json"},
        {{"--frobnicate"}, "--frobnicate"},
    };
    for (const auto& c : cases) {
        auto r = run_tool("lumen-compare", c.args);
        INFO(r.err);
        CHECK(r.exit_status == 2);
        CHECK(line_count(r.err) == 1);
        CHECK(r.err.find(c.needle) != std::string::npos);
        CHECK(r.out.empty());
    }
    // A config error every preset shares leaves no half-written output.
    CHECK_FALSE(fs::exists(csv));
}
