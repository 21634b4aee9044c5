// SPDX-License-Identifier: Apache-2.0
// Routing on the generators' topologies against what their structure
// implies: on a k-ary fat tree a shortest path crosses 1 switch within an
// edge, 3 within a pod (edge, aggregation, edge) and 5 across pods (up to a
// core and down); an edge switch reaches another pod through any of its k/2
// aggregation switches. On a leaf-spine: 1 within a leaf, 3 across, through
// any of the spines x uplinks_per_spine uplinks.
#include "fabric_test_util.h"
#include "models/fabric/routing.h"
#include "models/fabric/topology_generators.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace lumen::fabric;
using lumen::fabric::test::error_of;

namespace {

unsigned switch_of(const topology& t, unsigned gpu, unsigned plane) {
    return t.peer(t.gpu_node(gpu), plane).node;
}

} // namespace

TEST_CASE("routing: p2p is 0 switches, a pod 1", "[fabric]") {
    topology p2p = make_p2p();
    routing r(p2p, {}, "fabric.topology");
    CHECK(r.switch_hops(0, 1, 0) == 0);
    CHECK(r.diameter() == 0);
    topology pod = make_pod(8, 2, 8);
    routing rp(pod, {}, "fabric.topology");
    for (unsigned plane = 0; plane < 2; ++plane) CHECK(rp.switch_hops(3, 6, plane) == 1);
    CHECK(rp.diameter() == 1);
    // The switch's one way to GPU 6 is its port 6 (switch s port g).
    unsigned sw = switch_of(pod, 3, 1);
    REQUIRE(rp.count(sw, 6, false) == 1);
    CHECK(*rp.begin(sw, 6, false) == 6);
}

TEST_CASE("routing: fat tree k = 4 and 8, hops and equal-cost ports", "[fabric]") {
    for (unsigned k : {4u, 8u}) {
        const unsigned h = k / 2, planes = 2;
        topology t = make_fat_tree(k, planes);
        routing r(t, {}, "fabric.topology");
        const unsigned n = t.gpus();
        for (unsigned plane = 0; plane < planes; ++plane)
            for (unsigned s = 0; s < n; ++s)
                for (unsigned d = 0; d < n; ++d) {
                    if (s == d) continue;
                    unsigned expect = s / h == d / h ? 1 : s / (h * h) == d / (h * h) ? 3 : 5;
                    CHECK(r.switch_hops(s, d, plane) == expect);
                }
        CHECK(r.diameter() == 5);
        // GPU 0's edge toward the last GPU (another pod): every up port.
        unsigned edge = switch_of(t, 0, 1);
        CHECK(r.count(edge, n - 1, false) == h);
        for (auto p = r.begin(edge, n - 1, false); p != r.end(edge, n - 1, false); ++p)
            CHECK(r.port_goes_up(edge, *p));
        // An aggregation switch reached from below: each of its k/2 cores;
        // a core, from above: the one aggregation switch of d's pod.
        unsigned agg = t.peer(edge, h).node;
        CHECK(r.count(agg, n - 1, false) == h);
        unsigned core = t.peer(agg, h).node;
        CHECK(r.count(core, n - 1, true) == 1);
        CHECK(r.count(core, n - 1, false) == 1);
        // Toward a GPU of the same edge: just its port, and nothing up.
        CHECK(r.count(edge, 1, false) == 1);
        CHECK(*r.begin(edge, 1, false) == 1);
    }
}

TEST_CASE("routing: leaf_spine hops, equal-cost uplinks and parallel links", "[fabric]") {
    leaf_spine_params p;
    p.gpus = 32;
    p.gpus_per_leaf = 8;
    p.spines = 4;
    p.uplinks_per_spine = 2;
    topology t = make_leaf_spine(p);
    routing r(t, {}, "fabric.topology");
    for (unsigned s = 0; s < p.gpus; ++s)
        for (unsigned d = 0; d < p.gpus; ++d)
            if (s != d) CHECK(r.switch_hops(s, d, 0) == (s / 8 == d / 8 ? 1u : 3u));
    CHECK(r.diameter() == 3);
    unsigned leaf = switch_of(t, 0, 0);
    CHECK(r.count(leaf, 31, false) == p.spines * p.uplinks_per_spine);
    unsigned spine = t.peer(leaf, p.gpus_per_leaf).node;
    CHECK(r.count(spine, 31, true) == p.uplinks_per_spine); // both links to leaf 3
}

TEST_CASE("routing: a down link is routed around; a cut-off leaf is an error", "[fabric]") {
    leaf_spine_params p;
    p.gpus = 16;
    p.gpus_per_leaf = 4;
    p.spines = 2;
    p.uplinks_per_spine = 2;
    topology t = make_leaf_spine(p);
    unsigned leaf = switch_of(t, 0, 0);
    const unsigned up0 = p.gpus_per_leaf; // leaf 0's first uplink port
    std::vector<bool> down(t.links.size(), false);
    down[t.link_at(leaf, up0)] = true;
    routing r(t, down, "fabric.topology");
    REQUIRE(r.count(leaf, 15, false) == p.spines * p.uplinks_per_spine - 1);
    CHECK(std::find(r.begin(leaf, 15, false), r.end(leaf, 15, false), up0) ==
          r.end(leaf, 15, false));
    CHECK(r.switch_hops(0, 15, 0) == 3);
    // The spine at the far end of that link no longer offers it either.
    unsigned spine = t.peer(leaf, up0).node;
    CHECK(r.count(spine, 0, true) == p.uplinks_per_spine - 1);

    for (unsigned u = 0; u < p.spines * p.uplinks_per_spine; ++u)
        down[t.link_at(leaf, up0 + u)] = true;
    CHECK_THAT(error_of([&] { routing(t, down, "fabric.topology"); }),
               Catch::Contains("fabric.topology: gpu0 cannot reach gpu4 in plane 0"));
    // A GPU with its one link down cannot reach anyone.
    std::vector<bool> gpu_down(t.links.size(), false);
    gpu_down[t.link_at(t.gpu_node(5), 0)] = true;
    CHECK_THAT(error_of([&] { routing(t, gpu_down, "fabric.topology"); }),
               Catch::Contains("gpu5 cannot reach") || Catch::Contains("cannot reach gpu5"));
}

TEST_CASE("routing: 1,024 GPUs build and route quickly in little memory", "[fabric]") {
    leaf_spine_params p;
    p.gpus = 1024;
    p.gpus_per_leaf = 32;
    p.spines = 16;
    p.uplinks_per_spine = 2;
    for (const bool fat : {true, false}) {
        auto start = std::chrono::steady_clock::now();
        topology t = fat ? make_fat_tree(16, 1) : make_leaf_spine(p);
        validate(t, "fabric.topology");
        routing r(t, {}, "fabric.topology");
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // The tables' bytes: an offset per (switch, destination, direction)
        // and a uint16_t per port listed.
        size_t entries = 0, ports = 0;
        for (unsigned v = 0; v < t.nodes.size(); ++v) {
            if (t.nodes[v].kind != node_kind::SWITCH) continue;
            for (unsigned d = 0; d < t.gpus(); ++d)
                for (bool above : {false, true}) {
                    ++entries;
                    ports += r.count(v, d, above);
                }
        }
        double mib = double(entries * 4 + ports * 2) / (1 << 20);
        std::printf("%s, %u GPUs, %zu switches: built and routed in %.3f s, tables %.1f MiB\n",
                    t.kind.c_str(), t.gpus(), t.nodes.size() - t.gpus(), seconds, mib);
        CHECK(t.gpus() == 1024);
        CHECK(r.diameter() == (fat ? 5u : 3u));
        CHECK(seconds < 5.0); // generous: shared CI cores; typically well under 1 s
        CHECK(mib < 32.0);
    }
}
