// SPDX-License-Identifier: Apache-2.0
// lumen-sweep over lumen-p2p, as an architect runs it: small workloads, a few
// points, what lands in --out.
#include "tests/tools/tool_run.h"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace lumen::tools::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> small_workload{"--set", "workload.bytes=262144", "--quiet"};

std::vector<std::string> with_small(std::vector<std::string> args) {
    args.insert(args.end(), small_workload.begin(), small_workload.end());
    return args;
}

} // namespace

TEST_CASE("a sweep of three points writes its CSV, each JSON and the plots", "[sweep]") {
    scratch_dir dir;
    auto r = run_tool("lumen-sweep", with_small({"--vary", "workload.injection_rate=0.2,0.5,0.8",
                                                 "--jobs", "2", "--out", dir.path().string()}));
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    CHECK(r.err.empty());
    auto rows = read_csv(dir.path() / "points.csv");
    REQUIRE(rows.size() == 3);
    const char* rates[] = {"0.2", "0.5", "0.8"};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& row = rows[i];
        CHECK(row["point"] == std::to_string(i + 1));
        CHECK(row["workload.injection_rate"] == rates[i]);
        CHECK(row["exit_status"] == "0");
        CHECK(row["error"].empty());
        CHECK(row["passed"] == "true");
        // The figures come from that point's own run: the platform reports the
        // offered load it was given.
        CHECK(std::stod(row["offered_load"]) == Approx(std::stod(rates[i])));
        CHECK(std::stod(row["accepted_load"]) <= std::stod(row["offered_load"]) * 1.01);
        CHECK(std::stod(row["pj_per_bit"]) > 0);
        CHECK(fs::file_size(dir.path() / row["json"]) > 0);
    }
    // A busier link finishes the same bytes sooner.
    CHECK(std::stod(rows[2]["sim_time_ns"]) < std::stod(rows[0]["sim_time_ns"]));
    for (const std::string plot : {"latency", "accepted_load", "energy_per_bit"}) {
        INFO(plot);
        auto svg = read_text(dir.path() / (plot + ".svg"));
        auto png = read_text(dir.path() / (plot + ".png"));
        CHECK(svg.find("<svg") != std::string::npos);
        CHECK(svg.find("offered load (fraction of link payload capacity)") != std::string::npos);
        CHECK(png.size() > 1000);
        CHECK(png.rfind("\x89PNG", 0) == 0);
    }
}

TEST_CASE("a failed point is reported with its error and the others still run", "[sweep]") {
    scratch_dir dir;
    auto r = run_tool("lumen-sweep", with_small({"--vary", "workload.injection_rate=0.5,1.5,0.8",
                                                 "--out", dir.path().string()}));
    REQUIRE(r.exit_status == 1);
    auto rows = read_csv(dir.path() / "points.csv");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]["passed"] == "true");
    CHECK(rows[2]["passed"] == "true");
    CHECK(rows[1]["passed"] == "false");
    CHECK(rows[1]["exit_status"] == "2");
    // The platform's own one-line config error, naming the key and the value.
    CHECK(rows[1]["error"].find("workload.injection_rate = 1.5") != std::string::npos);
    CHECK(r.err.find("point 2 (workload.injection_rate=1.5) failed: lumen-p2p: config error") !=
          std::string::npos);
    CHECK(fs::exists(dir.path() / "latency.svg"));
}

TEST_CASE("without gnuplot a sweep says so once and still writes its CSV", "[sweep]") {
    scratch_dir dir;
    std::string path = std::getenv("PATH");
    ::setenv("PATH", (dir.path() / "no-such-dir").c_str(), 1);
    auto r = run_tool("lumen-sweep", with_small({"--vary", "workload.injection_rate=0.5", "--out",
                                                 dir.path().string()}));
    ::setenv("PATH", path.c_str(), 1);
    CHECK(r.exit_status == 0);
    CHECK(line_count(r.err) == 1);
    CHECK(r.err.find("gnuplot not found") != std::string::npos);
    CHECK(read_csv(dir.path() / "points.csv").size() == 1);
    CHECK(fs::exists(dir.path() / "plots.gp"));
    CHECK_FALSE(fs::exists(dir.path() / "latency.svg"));
}

TEST_CASE("bad sweep arguments exit 2 with one line naming them", "[sweep]") {
    scratch_dir dir;
    const std::string out = dir.path().string();
    struct bad_case {
        std::vector<std::string> args;
        std::string needle;
    };
    const std::vector<bad_case> cases = {
        {{"--vary", "link.lanes", "--out", out}, "--vary link.lanes: no '='"},
        {{"--vary", "link.lanes=1:8:0", "--out", out}, "--vary link.lanes=1:8:0: the step is 0"},
        {{"--vary", "link.lanez=1,2", "--out", out}, "--vary link.lanez: no such config key"},
        {{"--vary", "link.lanes=1,2", "--vary", "link.lanes=4", "--out", out}, "varied twice"},
        {{"--vary", "link.lanes=1,2"}, "--out"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--set", "link.ber=often"}, "link.ber"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--preset", "warp-drive"}, "warp-drive"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--platform", "mesh"}, "--platform"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--jobs", "0"}, "--jobs"},
    };
    for (const auto& c : cases) {
        auto r = run_tool("lumen-sweep", c.args);
        INFO(r.err);
        CHECK(r.exit_status == 2);
        CHECK(line_count(r.err) == 1);
        CHECK(r.err.find(c.needle) != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir.path() / "points.csv"));
}
