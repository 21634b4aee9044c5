// SPDX-License-Identifier: Apache-2.0
// The sweep's --vary syntax and its points, the CSV quoting and the plot
// series, without running a platform.
#include "tools/common/key_figures.h"
#include "tools/common/point_runner.h"
#include "tools/sweep/sweep_axes.h"
#include "tools/sweep/sweep_plots.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

using namespace lumen::tools;
using strings = std::vector<std::string>;

TEST_CASE("a range is inclusive and lands on its last value", "[sweep]") {
    auto axis = parse_vary("workload.injection_rate=0.1:1.0:0.1");
    CHECK(axis.key == "workload.injection_rate");
    // Accumulating 0.1 ten times gives 0.9999999999999999 and 0.30000000000000004.
    CHECK(axis.values ==
          strings{"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"});
    CHECK(parse_vary("link.lanes=128:512:128").values == strings{"128", "256", "384", "512"});
    CHECK(parse_vary("x=1:0:-0.25").values == strings{"1", "0.75", "0.5", "0.25", "0"});
    CHECK(parse_vary("x=-0.2:0.2:0.1").values == strings{"-0.2", "-0.1", "0", "0.1", "0.2"});
    CHECK(parse_vary("x=3:3:1").values == strings{"3"});
    // A step that does not divide the span stops before the last value.
    CHECK(parse_vary("x=0:1:0.3").values == strings{"0", "0.3", "0.6", "0.9"});
}

TEST_CASE("a geometric range multiplies up to its last value, sizes in K, M, G", "[sweep]") {
    auto axis = parse_vary("workload.collective_bytes=8:128M:*2");
    strings powers;
    for (int k = 3; k <= 27; ++k) powers.push_back(std::to_string(1ull << k));
    CHECK(axis.values == powers); // 8 .. 134217728, every one exact
    CHECK(parse_vary("x=1K:4K:*2").values == strings{"1024", "2048", "4096"});
    CHECK(parse_vary("x=1G:1G:*2").values == strings{"1073741824"});
    CHECK(parse_vary("x=1:1000:*10").values == strings{"1", "10", "100", "1000"});
    CHECK(parse_vary("x=1:0.001:*0.1").values == strings{"1", "0.1", "0.01", "0.001"});
    // A factor that does not land on the last value stops before it.
    CHECK(parse_vary("x=1:100:*3").values == strings{"1", "3", "9", "27", "81"});
    // 2^40 is written in full, not as 1.09951162778e+12.
    CHECK(parse_vary("x=1G:1024G:*1024").values == strings{"1073741824", "1099511627776"});
    // Linear ranges take the suffixes too.
    CHECK(parse_vary("x=64K:256K:64K").values == strings{"65536", "131072", "196608", "262144"});
}

TEST_CASE("a list keeps its values as written", "[sweep]") {
    auto axis = parse_vary("link.encoding=8b10b,64b66b,none");
    CHECK(axis.key == "link.encoding");
    CHECK(axis.values == strings{"8b10b", "64b66b", "none"});
    CHECK(parse_vary("link.lanes=256").values == strings{"256"});
    // Except a number with a size suffix, read as in a range.
    CHECK(parse_vary("workload.bytes=4K,1M,3").values == strings{"4096", "1048576", "3"});
}

TEST_CASE("bad --vary syntax is a usage error naming the argument", "[sweep]") {
    for (const std::string bad :
         {"link.lanes", "link.lanes=", "=1,2", "x=1:2", "x=1:2:0", "x=2:1:1", "x=a:2:1", "x=1,,2",
          "x=1:2:3:4", "x=0:1:1e-9", "x=0:8:*2", "x=1:8:*1", "x=8:1:*2", "x=1:8:*-2", "x=1:8:*",
          "x=1Q:8:*2", "x=-1:8:*2", "x=1:1e9:*1.00001", "x=1:8:2K2"}) {
        INFO(bad);
        try {
            parse_vary(bad);
            FAIL("accepted");
        } catch (const usage_error& e) {
            CHECK(std::string(e.what()).rfind("--vary " + bad + ":", 0) == 0);
        }
    }
}

TEST_CASE("the points are the cartesian product, the first axis slowest", "[sweep]") {
    auto points = cartesian_points({{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}});
    REQUIRE(points.size() == 6);
    CHECK(points[0] == strings{"1", "x"});
    CHECK(points[2] == strings{"1", "z"});
    CHECK(points[3] == strings{"2", "x"});
    CHECK(points[5] == strings{"2", "z"});
}

TEST_CASE("CSV fields are quoted only when they must be", "[csv]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a, b") == "\"a, b\"");
    CHECK(csv_field("say \"no\"") == "\"say \"\"no\"\"\"");
    CHECK(csv_row({"1", "x,y", ""}) == "1,\"x,y\",\n");
}

namespace {

key_figures passed_at(double offered) {
    key_figures f;
    f.passed = true;
    f.offered_load = offered;
    f.accepted_load = offered;
    return f;
}

} // namespace

TEST_CASE("plots draw one series per value of the other varied key", "[plots]") {
    std::vector<sweep_axis> axes{{"link.lanes", {"128", "256"}},
                                 {"workload.injection_rate", {"0.2", "0.8"}}};
    std::vector<plotted_point> points;
    for (const auto& p : cartesian_points(axes)) points.push_back({p, passed_at(std::stod(p[1]))});
    points.back().figures.passed = false; // a failed point is not drawn

    auto script = make_plot_script(axes, points, "lumen-p2p");
    REQUIRE(script.why.empty());
    CHECK(script.files == strings{"latency.svg", "accepted_load.svg", "energy_per_bit.svg",
                                  "latency.png", "accepted_load.png", "energy_per_bit.png"});
    const auto& s = script.text;
    CHECK(s.find("# link.lanes=128\n$s0 << EOD") != std::string::npos);
    CHECK(s.find("# link.lanes=256\n$s1 << EOD") != std::string::npos);
    CHECK(s.find("$s2") == std::string::npos);
    CHECK(s.find("set xlabel 'offered load (fraction of link payload capacity)'") !=
          std::string::npos);
    CHECK(s.find("set ylabel 'latency (ns)'") != std::string::npos);
    CHECK(s.find("title 'link.lanes=256, p99'") != std::string::npos);
    CHECK(s.find("title 'accepted = offered'") != std::string::npos);
    // link.lanes=256 keeps only its point at 0.2.
    auto block = s.substr(s.find("$s1 << EOD"));
    block = block.substr(0, block.find("EOD\n", 10));
    CHECK(block.find("\n0.2 ") != std::string::npos);
    CHECK(block.find("\n0.8 ") == std::string::npos);
}

TEST_CASE("plots need a numeric x axis", "[plots]") {
    std::vector<sweep_axis> axes{{"link.encoding", {"8b10b", "64b66b"}}};
    std::vector<plotted_point> points{{{"8b10b"}, passed_at(0.8)}, {{"64b66b"}, passed_at(0.8)}};
    auto script = make_plot_script(axes, points, "lumen-p2p");
    CHECK(script.text.empty());
    CHECK(script.why == "no plots: no varied key is numeric for the x axis (link.encoding)");

    // With a numeric key beside it, that key is the x axis.
    axes.push_back({"link.lanes", {"64", "128"}});
    points = {{{"8b10b", "64"}, passed_at(0.8)}, {{"8b10b", "128"}, passed_at(0.8)}};
    script = make_plot_script(axes, points, "lumen-p2p");
    CHECK(script.why.empty());
    CHECK(script.text.find("set xlabel 'link.lanes'") != std::string::npos);
    CHECK(script.text.find("title 'link.encoding=8b10b'") != std::string::npos);
}

TEST_CASE("a collective sweep plots its time and bandwidths, not an accepted load", "[plots]") {
    std::vector<sweep_axis> axes{{"workload.bytes", {"1024", "2048"}}};
    std::vector<plotted_point> points;
    for (const auto& p : cartesian_points(axes)) {
        key_figures f;
        f.passed = true;
        f.offered_load = f.accepted_load = std::numeric_limits<double>::quiet_NaN();
        points.push_back({p, f, {{"time_us", 1.5}, {"algbw_GBps", 2.0}, {"busbw_GBps", 3.0}}});
    }
    auto script = make_plot_script(axes, points, "lumen-pod");
    REQUIRE(script.why.empty());
    CHECK(script.files == strings{"latency.svg", "energy_per_bit.svg", "collective_time.svg",
                                  "bandwidth.svg", "latency.png", "energy_per_bit.png",
                                  "collective_time.png", "bandwidth.png"});
    CHECK(script.text.find("title 'lumen-pod, busbw'") != std::string::npos);
    // The data block carries each figure in the column its plot reads.
    CHECK(script.text.find("\n1024 NaN 0 0 0 1.5 2 3 NaN\n") != std::string::npos);
}

TEST_CASE("a sweep of too many points is a usage error naming the --vary options", "[sweep]") {
    auto lanes = parse_vary("link.lanes=1:99999:1");
    auto bytes = parse_vary("workload.request_bytes=1:99999:1");
    try {
        cartesian_points({lanes, bytes});
        FAIL("accepted 10^10 points");
    } catch (const usage_error& e) {
        CHECK(std::string(e.what()) ==
              "--vary link.lanes x --vary workload.request_bytes: 9999800001 points; "
              "allowed: at most 100000 in all");
    }
    // 100,000 points is still a sweep.
    CHECK(cartesian_points({parse_vary("a=1:100:1"), parse_vary("b=1:1000:1")}).size() == 100000);
}

TEST_CASE("the latency CDF plot: one step line per point with a histogram", "[plots]") {
    std::vector<sweep_axis> axes{{"workload.injection_rate", {"0.2", "0.8"}}};
    std::vector<plotted_point> points{{{"0.2"}, passed_at(0.2)}, {{"0.8"}, passed_at(0.8)}};
    // Bins [10, 20), [20, 40), [40, 80) ns holding 1, 2 and 1 samples: a
    // quarter of the samples below 20 ns, three quarters below 40, all below 80.
    points[0].latency_histogram = {
        {"bins_per_decade", 10}, {"edges_ns", {10, 20, 40, 80}}, {"counts", {1, 2, 1}}};
    const std::vector<std::pair<double, double>> want{{10, 0}, {20, 0.25}, {40, 0.75}, {80, 1}};
    CHECK(latency_cdf(points[0].latency_histogram) == want);
    CHECK(latency_cdf(nullptr).empty());

    auto script = make_plot_script(axes, points, "lumen-p2p");
    REQUIRE(script.why.empty());
    CHECK(std::count(script.files.begin(), script.files.end(), "latency_cdf.svg") == 1);
    CHECK(std::count(script.files.begin(), script.files.end(), "latency_cdf.png") == 1);
    const auto& s = script.text;
    const auto at = s.find("$c0 << EOD");
    REQUIRE(at != std::string::npos);
    auto block = s.substr(at, s.find("EOD\n", at + 10) - at);
    CHECK(block.find("\n10 0\n20 0.25\n40 0.75\n80 1\n") != std::string::npos);
    CHECK(s.find("$c1") == std::string::npos); // the point at 0.8 has no histogram
    CHECK(s.find("set logscale x") != std::string::npos);
    CHECK(s.find("title 'workload.injection_rate=0.2'") != std::string::npos);

    // Edges must be one more than counts.
    nlohmann::json bad = {{"edges_ns", {10, 20}}, {"counts", {1, 2}}};
    CHECK_THROWS_AS(latency_cdf(bad), nlohmann::json::exception);
}
