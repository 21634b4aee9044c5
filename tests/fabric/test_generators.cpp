// SPDX-License-Identifier: Apache-2.0
// The generators against closed forms derived here from the structure of
// each topology, not from the generator code: node and link counts, ports
// per switch, names and the documented port numbering; and the topology
// index against the linear scans it replaces.
#include "fabric_test_util.h"
#include "models/fabric/topology_generators.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace lumen::fabric;
using lumen::fabric::test::error_of;
using lumen::fabric::test::ports_used;
using lumen::fabric::test::switches;

TEST_CASE("p2p: two GPUs, one link, no switches", "[fabric]") {
    topology t = make_p2p();
    validate(t, "fabric.topology");
    CHECK(t.kind == "p2p");
    CHECK(t.gpus() == 2);
    CHECK(switches(t) == 0);
    REQUIRE(t.links.size() == 1);
    CHECK(t.links[0].name == "link");
    CHECK(t.tiers == std::vector<std::string>{"link"});
    CHECK(t.peer(t.gpu_node(0), 0).node == t.gpu_node(1));
    CHECK(t.link_at(0, 0) == 0);
    CHECK(t.tier_index("link") == 0);
    CHECK(t.tier_index("none") == t.tiers.size());
}

TEST_CASE("pod: a switch per plane, a link per GPU and plane", "[fabric]") {
    const unsigned gpus = 8, planes = 4, radix = 16;
    topology t = make_pod(gpus, planes, radix);
    validate(t, "fabric.topology");
    // Derivation: `planes` switches; each GPU has one link to each of them.
    CHECK(t.gpus() == gpus);
    CHECK(switches(t) == planes);
    CHECK(t.links.size() == gpus * planes);
    CHECK(t.levels == std::vector<std::string>{"switch"});
    auto used = ports_used(t);
    for (unsigned s = 0; s < planes; ++s) {
        const node& sw = t.nodes[gpus + s]; // GPUs first, then switches
        CHECK(sw.name == "switch" + std::to_string(s));
        CHECK(sw.plane == s);
        CHECK(used[gpus + s] == gpus);
    }
    // g-major then s; GPU g port s <-> switch s port g.
    const link& l = t.links[3 * planes + 2];
    CHECK(l.name == "gpu3_plane2_link");
    CHECK(l.a.node == t.gpu_node(3));
    CHECK(l.a.port == 2);
    CHECK(l.b.node == gpus + 2);
    CHECK(l.b.port == 3);
    CHECK(error_of([] { make_pod(40, 1, 32); }).find("pod.gpus = 40") != std::string::npos);
    CHECK(error_of([] { make_pod(40, 1, 32); }).find("switch.ports = 32") != std::string::npos);
}

TEST_CASE("leaf_spine: counts, port budget and uplink numbering", "[fabric]") {
    leaf_spine_params p;
    p.gpus = 32;
    p.gpus_per_leaf = 8;
    p.spines = 4;
    p.uplinks_per_spine = 2;
    p.planes = 2;
    p.switch_radix = 20;
    topology t = make_leaf_spine(p);
    validate(t, "fabric.topology");
    // Derivation: L = gpus / gpus_per_leaf leaves and `spines` spines per
    // plane; per plane one link per GPU plus L x spines x uplinks uplinks.
    const unsigned leaves = p.gpus / p.gpus_per_leaf;
    CHECK(switches(t) == p.planes * (leaves + p.spines));
    CHECK(t.links.size() == p.planes * (p.gpus + leaves * p.spines * p.uplinks_per_spine));
    auto used = ports_used(t);
    for (unsigned v = 0; v < t.nodes.size(); ++v) {
        const node& n = t.nodes[v];
        CHECK(used[v] <= n.radix);
        if (n.kind == node_kind::SWITCH && n.level == 1)
            CHECK(used[v] == p.gpus_per_leaf + p.spines * p.uplinks_per_spine);
        if (n.kind == node_kind::SWITCH && n.level == 2)
            CHECK(used[v] == leaves * p.uplinks_per_spine);
    }
    // Plane 1 leaf 2 is node gpus + (leaves + spines) + 2; its uplink to
    // spine 3, second link, is port gpus_per_leaf + 3 x uplinks + 1.
    const unsigned leaf = p.gpus + leaves + p.spines + 2;
    CHECK(t.nodes[leaf].name == "plane1_leaf2");
    const unsigned port = p.gpus_per_leaf + 3 * p.uplinks_per_spine + 1;
    const link& up = t.links[t.link_at(leaf, port)];
    CHECK(up.name == "plane1_leaf2_spine3_link1");
    CHECK(t.nodes[up.b.node].name == "plane1_spine3");
    CHECK(up.b.port == 2 * p.uplinks_per_spine + 1);
    CHECK(t.links[t.link_at(t.gpu_node(19), 1)].name == "gpu19_plane1_link");
    CHECK(t.nodes[t.peer(t.gpu_node(19), 1).node].name == "plane1_leaf2"); // 19 / 8 = 2
    CHECK(oversubscription(p) == Approx(1.0));
    p.spines = 2;
    CHECK(oversubscription(p) == Approx(2.0)); // 8 down over 2 x 2 up
}

TEST_CASE("leaf_spine: each bad parameter names its key", "[fabric]") {
    auto error = [](auto change) {
        leaf_spine_params p;
        change(p);
        return error_of([&] { make_leaf_spine(p); });
    };
    CHECK_THAT(error([](auto& p) { p.gpus = 30; }),
               Catch::Contains("fabric.gpus = 30") && Catch::Contains("fabric.gpus_per_leaf = 8"));
    CHECK_THAT(error([](auto& p) { p.gpus = 8; }),
               Catch::Contains("fabric.gpus = 8") && Catch::Contains("at least 2 leaves"));
    CHECK_THAT(error([](auto& p) {
                   p.gpus_per_leaf = 40;
                   p.gpus = 80;
                   p.switch_radix = 32;
               }),
               Catch::Contains("fabric.gpus_per_leaf = 40 plus 8 uplinks") &&
                   Catch::Contains("switch.ports = 32"));
    // 32 leaves x 3 uplinks = 96 spine ports > 64.
    CHECK_THAT(error([](auto& p) {
                   p.gpus = 64;
                   p.gpus_per_leaf = 2;
                   p.spines = 1;
                   p.uplinks_per_spine = 3;
               }),
               Catch::Contains("fabric.uplinks_per_spine = 3") && Catch::Contains("96"));
    CHECK_THAT(error([](auto& p) { p.spines = 0; }), Catch::Contains("fabric.spines"));
    CHECK_THAT(error([](auto& p) { p.planes = 0; }), Catch::Contains("fabric.planes"));
}

TEST_CASE("fat_tree: Al-Fares counts and wiring for k = 2, 4, 8", "[fabric]") {
    for (unsigned k : {2u, 4u, 8u}) {
        const unsigned planes = 2, h = k / 2;
        topology t = make_fat_tree(k, planes);
        validate(t, "fabric.topology");
        // Derivation per plane: k pods x (k/2 edge + k/2 aggregation) = k^2,
        // plus (k/2)^2 core = 5k^2/4 switches; k pods x k/2 edges x k/2 GPUs
        // = k^3/4 GPUs. Links: one per GPU (k^3/4), each edge to each
        // aggregation of its pod (k x (k/2)^2 = k^3/4), each core to one
        // aggregation per pod ((k/2)^2 x k = k^3/4): 3k^3/4.
        CHECK(t.gpus() == k * k * k / 4);
        CHECK(switches(t) == planes * 5 * k * k / 4);
        CHECK(t.links.size() == planes * 3 * k * k * k / 4);
        auto used = ports_used(t);
        for (unsigned v = 0; v < t.nodes.size(); ++v)
            if (t.nodes[v].kind == node_kind::SWITCH) CHECK(used[v] == k); // every port in use
        // Core c meets aggregation c / (k/2) of every pod: check from the links.
        for (const auto& l : t.links) {
            const node& a = t.nodes[l.a.node];
            const node& b = t.nodes[l.b.node];
            CHECK(b.level == a.level + 1);
            CHECK(t.tiers[l.tier] == t.levels[b.level - 1]);
            if (b.level != 3) continue;
            unsigned c = unsigned(std::stoul(b.name.substr(b.name.find("core") + 4)));
            std::string agg = "_agg" + std::to_string(c / h);
            CHECK(a.name.compare(a.name.size() - agg.size(), agg.size(), agg) == 0);
        }
        // GPU g: pod g / (k/2)^2, edge (g / (k/2)) % (k/2).
        unsigned g = k * k * k / 4 - 1;
        CHECK(t.nodes[t.peer(t.gpu_node(g), 1).node].name ==
              "plane1_pod" + std::to_string(k - 1) + "_edge" + std::to_string(h - 1));
    }
    for (unsigned k : {0u, 3u, 66u})
        CHECK_THAT(error_of([k] { make_fat_tree(k, 1); }),
                   Catch::Contains("fabric.k = " + std::to_string(k)));
}

namespace {

// Every question the linear scans answer, asked of an index too, with
// nodes, ports and GPUs one past what the topology holds.
void index_agrees(const topology& t) {
    const topology_index index(t);
    CHECK(index.gpus() == t.gpus());
    for (unsigned g = 0; g < t.nodes.size() + 2; ++g) CHECK(index.gpu_node(g) == t.gpu_node(g));
    unsigned radix = 0;
    for (const node& v : t.nodes) radix = std::max(radix, v.radix);
    for (unsigned n = 0; n < t.nodes.size() + 2; ++n) {
        for (unsigned p = 0; p < radix + 2; ++p) {
            CHECK(index.link_at(n, p) == t.link_at(n, p));
            CHECK(index.peer(n, p).node == t.peer(n, p).node);
            CHECK(index.peer(n, p).port == t.peer(n, p).port);
        }
    }
}

} // namespace

TEST_CASE("a topology index answers as the linear scans do", "[fabric]") {
    index_agrees(make_p2p());
    index_agrees(make_pod(8, 4, 16));
    leaf_spine_params p;
    p.planes = 2;
    index_agrees(make_leaf_spine(p));
    index_agrees(make_fat_tree(4, 1));
    // Not a valid topology: a port used twice (the first link wins), an
    // end beyond its node's radix, a GPU index claimed twice and one far
    // beyond the node count.
    topology odd = make_pod(4, 1, 8);
    odd.links.push_back({{0, 0}, {4, 5}, 0, "again"});
    odd.links.push_back({{1, 7}, {4, 6}, 0, "past_radix"});
    odd.nodes[2].gpu = 1;
    odd.nodes[3].gpu = 1000;
    index_agrees(odd);
}
