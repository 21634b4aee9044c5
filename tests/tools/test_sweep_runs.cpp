// SPDX-License-Identifier: Apache-2.0
// lumen-sweep over lumen-p2p, as an architect runs it: small workloads, a few
// points, what lands in --out.
#include "tests/tools/tool_run.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
        // The x axis names the capacity the load is a fraction of, as the platform reports it.
        CHECK(svg.find(fmt::format("offered load (fraction of the GPU payload capacity, {:.4g} "
                                   "GB/s)",
                                   std::stod(rows[0]["gpu_payload_capacity_GBps"]))) !=
              std::string::npos);
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

TEST_CASE("without gnuplot a sweep fails naming the plots, and --no-plots needs none", "[sweep]") {
    scratch_dir dir;
    std::string path = std::getenv("PATH");
    ::setenv("PATH", (dir.path() / "no-such-dir").c_str(), 1);
    auto r = run_tool("lumen-sweep", with_small({"--vary", "workload.injection_rate=0.5", "--out",
                                                 dir.path().string()}));
    auto quiet =
        run_tool("lumen-sweep", with_small({"--vary", "workload.injection_rate=0.5", "--no-plots",
                                            "--out", (dir.path() / "no-plots").string()}));
    ::setenv("PATH", path.c_str(), 1);
    // A plot that cannot be drawn is a failed sweep, not an empty file.
    CHECK(r.exit_status == 1);
    CHECK(line_count(r.err) == 1);
    CHECK(r.err.find("no plots (latency.svg, accepted_load.svg, energy_per_bit.svg, "
                     "latency_cdf.svg, latency.png") != std::string::npos);
    CHECK(r.err.find("gnuplot not found") != std::string::npos);
    CHECK(read_csv(dir.path() / "points.csv").size() == 1);
    CHECK(fs::exists(dir.path() / "plots.gp"));
    CHECK_FALSE(fs::exists(dir.path() / "latency.svg"));
    CHECK(quiet.exit_status == 0);
    CHECK(quiet.err.empty());
    CHECK(read_csv(dir.path() / "no-plots" / "points.csv").size() == 1);
}

TEST_CASE("a rerun into the same --out runs only the points without current results", "[sweep]") {
    scratch_dir dir;
    const std::string out = dir.path().string();
    auto args = [&](const std::string& lanes) {
        return std::vector<std::string>{"--vary",     "workload.injection_rate=0.3,0.6",
                                        "--set",      "workload.bytes=131072",
                                        "--set",      "link.lanes=" + lanes,
                                        "--no-plots", "--out",
                                        out};
    };
    REQUIRE(run_tool("lumen-sweep", args("128")).exit_status == 0);
    const auto first = read_text(dir.path() / "points" / "p1.json");
    // An interrupted sweep: point 2 never finished.
    fs::remove(dir.path() / "points" / "p2.exit");
    auto again = run_tool("lumen-sweep", args("128"));
    CHECK(again.exit_status == 0);
    CHECK(again.out.find("1 of 2 points have current results") != std::string::npos);
    // Point 1 was not run again: its results are the very same file, wall time included.
    CHECK(read_text(dir.path() / "points" / "p1.json") == first);
    CHECK(fs::exists(dir.path() / "points" / "p2.exit"));
    // Another config: nothing is current.
    auto other = run_tool("lumen-sweep", args("64"));
    CHECK(other.exit_status == 0);
    CHECK(other.out.find("points have current results") == std::string::npos);
    CHECK(read_text(dir.path() / "points" / "p1.json").find("\"lanes\": 64") != std::string::npos);
}

TEST_CASE("collecting rebuilds the CSV and names the missing points with why", "[sweep]") {
    scratch_dir dir;
    const std::string out = dir.path().string();
    REQUIRE(run_tool("lumen-sweep", with_small({"--vary", "workload.injection_rate=0.3,0.6,0.9",
                                                "--no-plots", "--out", out}))
                .exit_status == 0);
    fs::remove(dir.path() / "points" / "p3.exit");
    fs::remove(dir.path() / "points.csv");
    auto r = run_tool("lumen-sweep", {"--collect", out, "--no-plots", "--quiet"});
    CHECK(r.exit_status == 1);
    CHECK(r.err == "lumen-sweep: point 3 (workload.injection_rate=0.9) missing: not run: the "
                   "sweep stopped before it (rerun it into the same --out)\n");
    auto rows = read_csv(dir.path() / "points.csv");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]["passed"] == "true");
    CHECK(rows[2]["passed"] == "false");
    CHECK(rows[2]["exit_status"].empty());

    auto none = run_tool("lumen-sweep", {"--collect", (dir.path() / "points").string()});
    CHECK(none.exit_status == 2);
    CHECK(none.err.find("not a lumen-sweep --out directory") != std::string::npos);
}

TEST_CASE("printing the commands lists command lines that run the points", "[sweep]") {
    scratch_dir dir;
    const std::string out = (dir.path() / "sweep").string();
    auto r = run_tool("lumen-sweep", with_small({"--vary", "link.lanes=64:256:*2", "--seed", "5",
                                                 "--print-commands", "--out", out}));
    REQUIRE(r.exit_status == 0);
    REQUIRE(line_count(r.out) == 3);
    CHECK_FALSE(fs::exists(dir.path() / "sweep" / "points.csv"));
    // The third line, run by a shell as another scheduler would, writes point 3's results.
    std::string third = r.out.substr(r.out.find('\n', r.out.find('\n') + 1) + 1);
    third.pop_back();
    CHECK(third.find("--set link.lanes=256") != std::string::npos);
    CHECK(third.find("--seed 5") != std::string::npos);
    REQUIRE(std::system(third.c_str()) == 0);
    CHECK(read_text(dir.path() / "sweep" / "points" / "p3.json").find("\"lanes\": 256") !=
          std::string::npos);
}

TEST_CASE("points.csv carries the workload's own figures beside the varied keys", "[sweep]") {
    scratch_dir dir;
    auto r =
        run_tool("lumen-sweep", {"--platform", "pod", "--set", "workload.kind=allreduce", "--set",
                                 "pod.gpus=4", "--vary", "workload.collective_bytes=64K:256K:*2",
                                 "--quiet", "--out", dir.path().string()});
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    auto rows = read_csv(dir.path() / "points.csv");
    REQUIRE(rows.size() == 3);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& row = rows[i];
        CHECK(row["workload.collective_bytes"] == std::to_string(65536 << i));
        // algbw is the bytes over the collective's time, busbw that times 2(n-1)/n for
        // a ring all-reduce of n = 4 GPUs (the nccl-tests convention).
        const double time_us = std::stod(row["time_us"]);
        CHECK(std::stod(row["algbw_GBps"]) ==
              Approx(double(65536 << i) / (time_us * 1000)).epsilon(1e-6));
        CHECK(std::stod(row["busbw_GBps"]) ==
              Approx(std::stod(row["algbw_GBps"]) * 2 * 3 / 4).epsilon(1e-6));
        CHECK(std::stod(row["energy_total_pj"]) > 0);
    }
    CHECK(std::stod(rows[2]["time_us"]) > std::stod(rows[0]["time_us"]));
    for (const std::string plot : {"collective_time", "bandwidth", "latency", "energy_per_bit"})
        CHECK(read_text(dir.path() / (plot + ".svg")).find("<svg") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "accepted_load.svg"));
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
        {{"--vary", "link.lanes=1,2", "--out", out, "--backend", "pbs"}, "--backend"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--no-wait"},
         "--no-wait: needs --backend slurm"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--points-per-task", "0"}, "--points-per-task"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--collect", out}, "--collect"},
        {{"--vary", "link.lanes=1,2", "--out", out, "--backend", "slurm", "--slurm-args", "-p 'x"},
         "--slurm-args -p 'x: the quote ' is not closed"},
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

TEST_CASE("a sweep of the injection rate defaults to Poisson arrivals after a warm-up", "[sweep]") {
    scratch_dir dir;
    const std::string out = dir.path().string();
    auto r = run_tool("lumen-sweep", {"--vary", "workload.injection_rate=0.5", "--set",
                                      "workload.bytes=262144", "--no-plots", "--out", out});
    INFO(r.err);
    REQUIRE(r.exit_status == 0);
    // 262144 B in 256 B requests is 1024 requests; a tenth of them warm the queues up.
    CHECK(r.out.find("workload.arrival=poisson, workload.warmup_requests=102") !=
          std::string::npos);
    auto results = nlohmann::json::parse(read_text(dir.path() / "points" / "p1.json"));
    CHECK(results["config"]["workload"]["arrival"] == "poisson");
    CHECK(results["config"]["workload"]["warmup_requests"] == 102);
    // A choice of the user's is kept.
    auto chosen = run_tool(
        "lumen-sweep", {"--vary", "workload.injection_rate=0.5", "--set", "workload.bytes=262144",
                        "--set", "workload.arrival=periodic", "--no-plots", "--out", out});
    REQUIRE(chosen.exit_status == 0);
    results = nlohmann::json::parse(read_text(dir.path() / "points" / "p1.json"));
    CHECK(results["config"]["workload"]["arrival"] == "periodic");
}

TEST_CASE("a warm-up leaves the first requests out of the latency, not out of the counts",
          "[sweep]") {
    scratch_dir dir;
    auto run = [&](const std::string& warmup) {
        const auto json = (dir.path() / (warmup + ".json")).string();
        auto r = run_tool("lumen-p2p",
                          {"--quiet", "--seed", "3", "--set", "workload.bytes=131072", "--set",
                           "workload.arrival=poisson", "--set", "workload.injection_rate=0.95",
                           "--set", "workload.warmup_requests=" + warmup, "--json", json});
        INFO(r.err);
        REQUIRE(r.exit_status == 0);
        return nlohmann::json::parse(read_text(json));
    };
    auto all = run("0");
    auto last = run("511"); // of each GPU's 512 requests: only the last one is measured
    CHECK(last["transactions"] == all["transactions"]);
    CHECK(last["transactions"]["checked"] == 1024); // both GPUs' requests, every one checked
    // Queueing spreads the latencies of 1024 requests; two requests, one per GPU, have
    // two latencies: the median is the lower, and the mean lies halfway to the max.
    const auto& l = last["latency_ns"];
    CHECK(all["latency_ns"]["max"].get<double>() > all["latency_ns"]["mean"].get<double>());
    CHECK(l["max"].get<double>() >= l["p50"].get<double>());
    CHECK(l["mean"].get<double>() ==
          Approx((l["p50"].get<double>() + l["max"].get<double>()) / 2).epsilon(1e-6));
    CHECK(l["p99"] == l["max"]);

    auto bad = run_tool(
        "lumen-p2p", {"--set", "workload.bytes=131072", "--set", "workload.warmup_requests=512"});
    CHECK(bad.exit_status == 2);
    CHECK(bad.err.find("workload.warmup_requests = 512 leaves no request measured") !=
          std::string::npos);
}
