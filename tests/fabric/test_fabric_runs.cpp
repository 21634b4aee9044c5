// SPDX-License-Identifier: Apache-2.0
// lumen-fabric end to end, each figure against a derivation written out
// here: unloaded read latency through one and three switches to the
// picosecond (the hand model of fabric_run_util.h), saturated throughput of
// a non-blocking leaf-spine against one crossbar of the same GPUs and of an
// oversubscribed one against the capacity of its uplinks, and the reach of
// each tier's technology. One elaboration per test case.
#include "fabric_run_util.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace lumen;
using namespace lumen::fabric::test;
using nlohmann::json;

namespace {

// A scratch file named after the test process, removed at the end of scope.
struct scratch_file {
    explicit scratch_file(const std::string& what)
        : path((std::filesystem::temp_directory_path() /
                ("lumen_fabric_" + what + "_" + std::to_string(getpid()) + ".json"))
                   .string()) {}
    ~scratch_file() { std::remove(path.c_str()); }
    std::string path;
};

// Exactly one read per GPU (one request of the whole transfer, one in
// flight), lossless links, and a switch clock of a whole-picosecond period
// (800 ps; the default 1.5 GHz is not one, and the kernel rounds it).
const std::vector<std::string> one_read = {"workload.kind=pattern",
                                           "workload.pattern=bit_complement",
                                           "workload.op=read",
                                           "workload.request_bytes=4096",
                                           "workload.bytes=4096",
                                           "workload.max_outstanding=1",
                                           "link.ber=0",
                                           "switch.core_clock_ghz=1.25"};

std::vector<std::string> with(std::vector<std::string> sets, const std::vector<std::string>& more) {
    sets.insert(sets.end(), more.begin(), more.end());
    return sets;
}

// Each GPU's one read took exactly the hand sum from its own start time
// (the host starts the GPUs one after another, so each meets the clock
// edges at its own phase).
void require_hand_latency(const std::vector<gpu_run>& gpus, const std::vector<hop>& path,
                          const memory_port_params& m) {
    for (size_t g = 0; g < gpus.size(); ++g) {
        REQUIRE(gpus[g].requests == 1);
        const uint64_t measured = uint64_t(std::llround(gpus[g].latency.max_ns * 1000.0));
        const uint64_t expected = read_latency_ps(path, m, gpus[g].start_ps, 4096);
        INFO("GPU " << g << " started at " << gpus[g].start_ps << " ps");
        REQUIRE(measured == expected);
    }
}

// Payload bytes per second one direction of link `l` carries when it takes
// writes of `request` bytes and, interleaved one for one, the header-only
// responses to the writes coming the other way (full duplex: each direction
// carries one side's data and the other side's responses).
double write_direction_GBps(const serdes::link_params& l, uint64_t request) {
    const double wire_bits_per_write = double(l.wire_bits(request) + l.wire_bits(0));
    return l.lanes * l.lane_rate_gbps * double(request) * 8.0 / wire_bits_per_write / 8.0;
}

const std::vector<std::string> saturated_writes = {"workload.kind=pattern",
                                                   "workload.pattern=uniform",
                                                   "workload.op=write",
                                                   "workload.injection_rate=1",
                                                   "workload.bytes=4194304",
                                                   "workload.request_bytes=4096",
                                                   "link.ber=0"};

} // namespace

TEST_CASE("an unloaded read under one leaf takes the hand sum of one switch", "[fabric][timing]") {
    // gpu0 and gpu3 under leaf0, gpu1 and gpu2 under leaf1: bit_complement
    // (g reads 3 - g) keeps every read under its leaf, and the pairs' paths
    // share no link direction nor crossbar output at once.
    scratch_file file("one_leaf");
    std::ofstream(file.path) << R"({"gpus": 4, "tiers": ["gpu_leaf", "leaf_spine"],
        "levels": ["leaf", "spine"],
        "switches": [{"name": "leaf0", "level": 1, "radix": 3},
                     {"name": "leaf1", "level": 1, "radix": 3},
                     {"name": "spine", "level": 2, "radix": 2}],
        "links": [{"a": "gpu0", "b": "leaf0", "tier": "gpu_leaf"}, {"a": "gpu3", "b": "leaf0", "tier": "gpu_leaf"},
                  {"a": "gpu1", "b": "leaf1", "tier": "gpu_leaf"}, {"a": "gpu2", "b": "leaf1", "tier": "gpu_leaf"},
                  {"a": "leaf0", "b": "spine", "tier": "leaf_spine"},
                  {"a": "leaf1", "b": "spine", "tier": "leaf_spine"}]})";
    const config c =
        fabric_config(with(one_read, {"fabric.topology=edges", "fabric.file=" + file.path}));
    run_results r;
    const std::vector<gpu_run> gpus = run_fabric(c, r);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.checked == 4);
    // GPU link, leaf switch, GPU link: the global link.* and switch.*.
    const hop link{hop::LINK, link_params_from(c), {}};
    const hop leaf{hop::SWITCH, {}, switch_params_from(c)};
    require_hand_latency(gpus, {link, leaf, link}, memory_params_from(c));
    // The fabric section files all four under one switch crossed.
    REQUIRE(r.fabric["latency_by_hops"].size() == 1);
    REQUIRE(r.fabric["latency_by_hops"][0]["switches"] == 1);
    REQUIRE(r.fabric["latency_by_hops"][0]["requests"] == 4);
}

TEST_CASE("an unloaded read across leaves takes the hand sum of three switches, each tier and "
          "level its own",
          "[fabric][timing]") {
    // 2 GPUs, one per leaf, one spine: GPU 0 reads GPU 1 (and 1 reads 0, in
    // the other direction of every link) through leaf, spine, leaf. The
    // leaf-spine tier is shorter and narrower and the spine's pipeline
    // deeper than the rest, so a tier or level ignored shows.
    const config c = fabric_config(with(
        one_read, {"fabric.gpus=2", "fabric.gpus_per_leaf=1", "fabric.spines=1",
                   "fabric.uplinks_per_spine=1", "tiers.leaf_spine.length_m=3",
                   "tiers.leaf_spine.link.lanes=128", "levels.spine.switch.pipeline_cycles=9"}));
    run_results r;
    const std::vector<gpu_run> gpus = run_fabric(c, r);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.checked == 2);
    // The tiers and levels as set above, built here from the global values.
    serdes::link_params gpu_leaf = link_params_from(c), leaf_spine = gpu_leaf;
    leaf_spine.length_m = 3;
    leaf_spine.lanes = 128;
    switch_params leaf = switch_params_from(c), spine = leaf;
    spine.pipeline_cycles = 9;
    const hop down{hop::LINK, gpu_leaf, {}}, up{hop::LINK, leaf_spine, {}};
    const hop l{hop::SWITCH, {}, leaf}, s{hop::SWITCH, {}, spine};
    require_hand_latency(gpus, {down, l, up, s, up, l, down}, memory_params_from(c));
    REQUIRE(r.fabric["latency_by_hops"].size() == 1);
    REQUIRE(r.fabric["latency_by_hops"][0]["switches"] == 3);
}

TEST_CASE("a non-blocking leaf-spine accepts what one crossbar of its GPUs accepts",
          "[fabric][throughput]") {
    // 16 GPUs, 4 per leaf, 2 spines x 2 uplinks: as many uplinks as GPUs,
    // so the Clos network is rearrangeably non-blocking (Clos 1953) and
    // should carry saturated uniform writes as well as a single crossbar of
    // 16 ports does. The crossbar's figure is measured, in another process,
    // by lumen-pod: one switch, the same links, switch, memory and workload.
    // It is a second platform (its own topology, routing and workload
    // setup), not a constant, and it already holds what uniform traffic
    // costs any switch (output contention, the busiest destination's tail).
    // ECMP, the default: its per-flow hash may not cost more than 3 %.
    scratch_file pod_json("pod");
    std::string cmd = std::string(LUMEN_POD_EXE) + " --quiet --set pod.gpus=16";
    for (const auto& s : saturated_writes) cmd += " --set " + s;
    cmd += " --json " + pod_json.path + " >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const json pod = json::parse(std::ifstream(pod_json.path));
    REQUIRE(pod["passed"] == true);
    const double crossbar = pod["workload"]["accepted_load"].get<double>();

    const config c =
        fabric_config(with(saturated_writes, {"fabric.gpus=16", "fabric.gpus_per_leaf=4",
                                              "fabric.spines=2", "fabric.uplinks_per_spine=2"}));
    run_results r;
    fabric_description().run(c, run_options{}, r);
    REQUIRE(r.passed());
    REQUIRE(r.fabric["oversubscription"] == 1.0);
    const double accepted = r.workload["accepted_load"].get<double>();
    // Never above what a GPU's own link carries: its writes and the
    // responses to the writes it receives share each direction.
    const serdes::link_params l = link_params_from(c);
    const double link_bound = write_direction_GBps(l, 4096) / l.payload_capacity_GBps();
    INFO("fabric " << accepted << ", crossbar " << crossbar << ", link bound " << link_bound);
    REQUIRE(accepted >= 0.97 * crossbar);
    REQUIRE(accepted <= link_bound);
}

TEST_CASE("an oversubscribed leaf-spine accepts the capacity of its uplinks within 3 %",
          "[fabric][throughput]") {
    // 16 GPUs, 8 per leaf, one spine, 2 uplinks per leaf: 4:1. Uniform draws
    // every GPU alike, itself included (traffic_pattern.cpp), so a share
    // 1 - 8/16 of each GPU's writes leaves its leaf. Each uplink direction
    // carries the leaf's outgoing writes and the header-only responses to
    // the writes coming in (as many, by symmetry). With accepted load a per
    // GPU (of its link's payload capacity C): 8 a C (1 - 8/16) = 2 P, P the
    // payload one uplink direction carries (write_direction_GBps). The run
    // ends when its last write is done, so the uplinks' rate sets the span.
    // Spray: per-packet round robin splits each destination's writes evenly
    // over the 2 uplinks, where a per-flow hash would load one more than
    // the other (a figure of the hash, not of the topology).
    const unsigned gpus = 16, per_leaf = 8, uplinks = 2;
    const config c = fabric_config(
        with(saturated_writes, {"fabric.gpus=16", "fabric.gpus_per_leaf=8", "fabric.spines=1",
                                "fabric.uplinks_per_spine=2", "fabric.routing=spray"}));
    run_results r;
    fabric_description().run(c, run_options{}, r);
    REQUIRE(r.passed());
    REQUIRE(r.fabric["oversubscription"] == 4.0);
    const serdes::link_params l = link_params_from(c);
    const double cross_share = 1.0 - double(per_leaf) / gpus;
    const double bound = uplinks * write_direction_GBps(l, 4096) /
                         (per_leaf * cross_share * l.payload_capacity_GBps());
    const double accepted = r.workload["accepted_load"].get<double>();
    INFO("accepted " << accepted << ", uplink bound " << bound);
    REQUIRE(bound == Approx(0.4977).epsilon(0.001)); // (2 / 4) x 276/296-ish framing, by hand
    REQUIRE(accepted <= bound * 1.0001);
    REQUIRE(accepted >= 0.97 * bound);
}

TEST_CASE("each tier's length is held to its own technology's reach, and errors name the key",
          "[fabric][config]") {
    // copper-224g reaches 2 m (presets.cpp): 20 m of it is an error that
    // names the key and the reach, before anything runs.
    const std::string copper =
        config_error_of({"tiers.leaf_spine.preset=copper-224g", "tiers.leaf_spine.length_m=20"});
    CHECK_THAT(copper, Catch::Contains("tiers.leaf_spine.length_m"));
    CHECK_THAT(copper, Catch::Contains("2 m"));
    // Within the reach, the same tier is valid.
    CHECK(config_error_of({"tiers.leaf_spine.preset=copper-224g", "tiers.leaf_spine.length_m=2"})
              .empty());
    // A tier the topology lacks names itself and the tiers there are.
    const std::string nope = config_error_of({"tiers.nope.length_m=3"});
    CHECK_THAT(nope, Catch::Contains("tiers.nope"));
    CHECK_THAT(nope, Catch::Contains("gpu_leaf | leaf_spine"));
    // A leaf's GPUs and uplinks must fit its ports: 8 + 4 x 2 > 15.
    const std::string radix = config_error_of({"switch.ports=15"});
    for (const char* key :
         {"fabric.gpus_per_leaf", "fabric.spines", "fabric.uplinks_per_spine", "switch.ports"})
        CHECK_THAT(radix, Catch::Contains(key));
    CHECK(config_error_of({"switch.ports=16"}).empty()); // 8 + 8 fits exactly
    // A bad value inside a tier or level names the key as it was written.
    CHECK_THAT(config_error_of({"tiers.leaf_spine.link.lanes=0"}),
               Catch::StartsWith("tiers.leaf_spine.link.lanes = 0"));
    CHECK_THAT(config_error_of({"tiers.leaf_spine.length_m=-1"}),
               Catch::StartsWith("tiers.leaf_spine.length_m = -1"));
    CHECK_THAT(config_error_of({"levels.spine.switch.pipeline_cycles=-1"}),
               Catch::StartsWith("levels.spine.switch.pipeline_cycles = -1"));
}

TEST_CASE("a Micro LED tier of 20 m runs where copper cannot reach", "[fabric][config]") {
    // MOSAIC reaches 50 m (presets.cpp). Its tier takes the preset's link:
    // 400 lanes x 2 Gb/s, no line code, 256 B flits framed in 276 B.
    const config c =
        fabric_config({"tiers.leaf_spine.preset=microled-mosaic", "tiers.leaf_spine.length_m=20",
                       "workload.kind=pattern", "workload.bytes=65536", "link.ber=0"});
    run_results r;
    fabric_description().run(c, run_options{}, r);
    REQUIRE(r.passed());
    const json& tier = r.fabric["tiers"][1];
    REQUIRE(tier["name"] == "leaf_spine");
    REQUIRE(tier["length_m"] == 20.0);
    REQUIRE(tier["link_GBps"].get<double>() == Approx(400 * 2.0 / 8 * 256.0 / 276.0));
    REQUIRE(r.fabric["tiers"][0]["length_m"] == 10.0); // the GPU tier keeps link.*
}

TEST_CASE("an unloaded posted write across leaves takes the hand sum of its way out and the "
          "memory, and no way back",
          "[fabric][timing][posted]") {
    // The path of the read above, one 4 KiB posted write per GPU: the data
    // goes out with the request, the memory stores it, nothing comes back.
    std::vector<std::string> sets =
        with(one_read, {"fabric.gpus=2", "fabric.gpus_per_leaf=1", "fabric.spines=1",
                        "fabric.uplinks_per_spine=1", "tiers.leaf_spine.length_m=3"});
    sets.push_back("workload.op=write_posted");
    const config c = fabric_config(sets);
    run_results r;
    const std::vector<gpu_run> gpus = run_fabric(c, r);
    REQUIRE(r.passed());
    REQUIRE(r.transactions.checked == 2);
    serdes::link_params down = link_params_from(c), up = down;
    up.length_m = 3;
    const switch_params sw = switch_params_from(c);
    const std::vector<hop> path{{hop::LINK, down, {}}, {hop::SWITCH, {}, sw}, {hop::LINK, up, {}},
                                {hop::SWITCH, {}, sw}, {hop::LINK, up, {}},   {hop::SWITCH, {}, sw},
                                {hop::LINK, down, {}}};
    const memory_port_params m = memory_params_from(c);
    for (size_t g = 0; g < gpus.size(); ++g) {
        REQUIRE(gpus[g].requests == 1);
        uint64_t t = gpus[g].start_ps;
        for (const hop& h : path)
            t = h.kind == hop::LINK ? cross_link(h.link, t, 4096) : cross_switch(h.sw, t, 4096);
        t = access_memory(m, t, 4096);
        INFO("GPU " << g << " started at " << gpus[g].start_ps << " ps");
        REQUIRE(uint64_t(std::llround(gpus[g].latency.max_ns * 1000.0)) == t - gpus[g].start_ps);
    }
    REQUIRE(r.fabric["latency_by_hops"].size() == 1);
    REQUIRE(r.fabric["latency_by_hops"][0]["switches"] == 3);
}
