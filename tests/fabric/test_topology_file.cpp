// SPDX-License-Identifier: Apache-2.0
// The edges file: a small leaf-spine read and copied per plane, and each
// kind of bad input a config_error naming the file and the entry.
#include "fabric_test_util.h"
#include "models/fabric/routing.h"
#include "models/fabric/topology_file.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <regex>

using namespace lumen::fabric;
using lumen::fabric::test::error_of;

namespace {

// 4 GPUs on 2 leaves under 1 spine; the spine link is named spine-first.
const std::string good = R"({
  "gpus": 4, // gpu0 .. gpu3
  "tiers": ["gpu_leaf", "leaf_spine"],
  "levels": ["leaf", "spine"],
  "switches": [{"name": "leaf0", "level": 1, "radix": 3},
               {"name": "leaf1", "level": 1, "radix": 3},
               {"name": "spine", "level": 2, "radix": 2}],
  "links": [{"a": "gpu0", "b": "leaf0", "tier": "gpu_leaf"},
            {"a": "gpu1", "b": "leaf0", "tier": "gpu_leaf"},
            {"a": "gpu2", "b": "leaf1", "tier": "gpu_leaf"},
            {"a": "gpu3", "b": "leaf1", "tier": "gpu_leaf"},
            {"a": "spine", "b": "leaf0", "tier": "leaf_spine", "name": "up0"},
            /* block comments too */
            {"a": "leaf1", "b": "spine", "tier": "leaf_spine"}]
})";

std::string with(const std::string& from, const std::string& to) {
    std::string s = std::regex_replace(good, std::regex(from), to);
    REQUIRE(s != good);
    return s;
}

std::string error(const std::string& text) {
    return error_of([&] { parse_topology(text, "topo.json", 1); });
}

} // namespace

TEST_CASE("edges file: one plane read, ports in order, copied per plane", "[fabric]") {
    topology t = parse_topology(good, "topo.json", 2);
    CHECK(t.kind == "edges");
    CHECK(t.gpus() == 4);
    // 4 GPUs + 2 planes x 3 switches; 2 x 6 links.
    CHECK(t.nodes.size() == 4 + 2 * 3);
    CHECK(t.links.size() == 2 * 6);
    CHECK(t.nodes[4 + 3 + 2].name == "plane1_spine");
    CHECK(t.nodes[4 + 3 + 2].plane == 1);
    // The spine link in plane 1: a is the leaf (lower), on its 3rd port.
    const link& l = t.links[6 + 4];
    CHECK(l.name == "plane1_up0");
    CHECK(t.nodes[l.a.node].name == "plane1_leaf0");
    CHECK(l.a.port == 2);
    CHECK(l.b.port == 0);
    CHECK(t.links[6 + 5].name == "plane1_leaf1_spine_link5");
    CHECK(t.peer(t.gpu_node(3), 1).node == 4 + 3 + 1); // GPU port = plane
    routing r(t, {}, "fabric.topology");
    CHECK(r.switch_hops(0, 3, 1) == 3);
    CHECK(r.switch_hops(0, 1, 0) == 1);

    topology one = parse_topology(good, "topo.json", 1);
    CHECK(one.nodes[6].name == "spine"); // no prefix with one plane
    CHECK(one.links[4].name == "up0");
}

TEST_CASE("edges file: tiers come from the links when not listed", "[fabric]") {
    topology t = parse_topology(with(R"("tiers": \[[^\]]*\],)", ""), "topo.json", 1);
    CHECK(t.tiers == std::vector<std::string>{"gpu_leaf", "leaf_spine"});
}

TEST_CASE("edges file: every error names the file and the entry", "[fabric]") {
    using Catch::Contains;
    const auto file = Contains("fabric.file topo.json");
    CHECK_THAT(error(with(R"("spine"\],)", R"("spine",)")),
               Contains("fabric.file topo.json:") && Contains("malformed JSON"));
    CHECK_THAT(error(with(R"(\{"a": "gpu3", "b": "leaf1")", R"({"a": "gpu3", "b": "leaf9")")),
               file && Contains("links[3].b = \"leaf9\" names no node") &&
                   Contains("allowed: gpu0..gpu3"));
    CHECK_THAT(error(with(R"("a": "gpu1", "b": "leaf0")", R"("a": "gpu1", "b": "spine")")),
               file && Contains("links[5].b = \"spine\" takes port 2, beyond its radix 2"));
    CHECK_THAT(
        error(with(R"("gpu2", "b": "leaf1", "tier": "gpu_leaf")", R"("gpu2", "b": "leaf1")")),
        file && Contains("links[2] has no \"tier\""));
    CHECK_THAT(error(with(R"("gpu2", "b": "leaf1", "tier": "gpu_leaf")",
                          R"("gpu2", "b": "leaf1", "tier": "optical")")),
               file && Contains("links[2].tier = \"optical\" is no tier") &&
                   Contains("allowed: gpu_leaf | leaf_spine"));
    CHECK_THAT(error(with(R"("name": "leaf1", "level": 1)", R"("name": "leaf1", "level": 3)")),
               file && Contains("switches[1].level = 3; allowed: an integer 1 .. 2"));
    CHECK_THAT(error(with(R"(\{"name": "spine", )", "{")),
               file && Contains("switches[2] has no \"name\""));
    CHECK_THAT(error(with(R"("name": "spine", )", R"("name": "spine", "speed": 4, )")),
               file && Contains("switches[2]: unknown key \"speed\""));
    CHECK_THAT(error(with(R"("gpu1", "b": "leaf0")", R"("gpu0", "b": "leaf0")")),
               file && Contains("links[1].a = \"gpu0\" takes port 1, beyond its radix 1") &&
                   Contains("one link per plane"));
    CHECK_THAT(error(with(R"("gpus": 4)", R"("gpus": 1)")),
               file && Contains("gpus = 1; allowed: an integer 2 .."));
    CHECK_THAT(error(with(R"("gpus": 4, // gpu0 .. gpu3)", "")),
               file && Contains("has no \"gpus\""));
    CHECK_THAT(error(with(R"("name": "leaf1")", R"("name": "leaf0")")),
               file && Contains("switches[1].name = \"leaf0\" names a switch twice"));
    CHECK_THAT(error(with(R"("leaf_spine"\],)", R"("gpu_leaf"],)")),
               file && Contains("tiers[1] = \"gpu_leaf\" repeats tiers[0]"));
    // A leaf without its uplink validates but cannot be routed.
    topology t =
        parse_topology(with(R"(,\s*/\* block comments too \*/[^\]]*\])", "]"), "topo.json", 1);
    CHECK_THAT(error_of([&] { routing(t, {}, "fabric.topology"); }),
               Contains("fabric.topology: gpu") && Contains("cannot reach"));
}

TEST_CASE("edges file: malformed JSON names file:line:col; nesting and size bounded", "[fabric]") {
    CHECK_THAT(error("{\n  \"gpus\": 4,\n  \"levels\": [\"leaf\" \"spine\"]\n}"),
               Catch::StartsWith("fabric.file topo.json:3:") && Catch::Contains("malformed JSON"));
    CHECK_THAT(error(std::string(100, '[') + std::string(100, ']')),
               Catch::Contains("fabric.file topo.json: nested"));
    CHECK_THAT(error(std::string((64u << 20) + 1, ' ')), Catch::Contains("at most 64 MiB"));
}

TEST_CASE("edges file: read from disk, and an unreadable path named", "[fabric]") {
    const std::string path = "test_fabric_topology_edges.json";
    {
        std::ofstream out(path);
        out << good;
    }
    CHECK(read_topology_file(path, 1).links.size() == 6);
    std::remove(path.c_str());
    CHECK_THAT(error_of([&] { read_topology_file(path, 1); }),
               Catch::Contains("fabric.file " + path + " cannot be read"));
}
