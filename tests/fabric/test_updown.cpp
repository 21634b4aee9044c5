// SPDX-License-Identifier: Apache-2.0
// The up*/down* property on a topology that is not a tree: four level-1
// switches in a ring (each with two GPUs), two level-2 switches joined to
// each other and to the ring unevenly. A shortest-path router would use the
// ring; up*/down* must not. Checked by brute force written here: every path
// the tables allow, against every valid up*/down* path of the graph.
#include "fabric_test_util.h"
#include "models/fabric/routing.h"
#include "models/fabric/topology_file.h"

#include <catch2/catch.hpp>

#include <functional>
#include <set>

using namespace lumen::fabric;

namespace {

const char* ring_file = R"({
  "gpus": 8,
  "levels": ["ring", "top"],
  "switches": [
    {"name": "r0", "level": 1, "radix": 6}, {"name": "r1", "level": 1, "radix": 6},
    {"name": "r2", "level": 1, "radix": 6}, {"name": "r3", "level": 1, "radix": 6},
    {"name": "t0", "level": 2, "radix": 5}, {"name": "t1", "level": 2, "radix": 5}],
  "links": [
    {"a": "gpu0", "b": "r0", "tier": "gpu"}, {"a": "gpu1", "b": "r0", "tier": "gpu"},
    {"a": "gpu2", "b": "r1", "tier": "gpu"}, {"a": "gpu3", "b": "r1", "tier": "gpu"},
    {"a": "gpu4", "b": "r2", "tier": "gpu"}, {"a": "gpu5", "b": "r2", "tier": "gpu"},
    {"a": "gpu6", "b": "r3", "tier": "gpu"}, {"a": "gpu7", "b": "r3", "tier": "gpu"},
    // the ring: same level, so neither up nor down
    {"a": "r0", "b": "r1", "tier": "ring"}, {"a": "r1", "b": "r2", "tier": "ring"},
    {"a": "r2", "b": "r3", "tier": "ring"}, {"a": "r3", "b": "r0", "tier": "ring"},
    // t0 over every ring switch, t1 over r0 and r2 only (named top-first)
    {"a": "t0", "b": "r0", "tier": "up"}, {"a": "t0", "b": "r1", "tier": "up"},
    {"a": "t0", "b": "r2", "tier": "up"}, {"a": "t0", "b": "r3", "tier": "up"},
    {"a": "t1", "b": "r0", "tier": "up"}, {"a": "t1", "b": "r2", "tier": "up"},
    {"a": "t0", "b": "t1", "tier": "top"}]
})";

using path = std::vector<unsigned>; // node indices, source GPU to destination GPU

// Every path the tables allow from GPU s to GPU d, checking on the way that
// a request that came from above never goes up again.
void table_paths(const topology& t, const routing& r, unsigned s, unsigned d, std::set<path>& out) {
    const unsigned dn = t.gpu_node(d);
    std::function<void(link_end, path)> walk = [&](link_end at, path p) {
        p.push_back(at.node);
        if (at.node == dn) {
            out.insert(p);
            return;
        }
        REQUIRE(t.nodes[at.node].kind == node_kind::SWITCH); // GPUs are never transit
        REQUIRE(p.size() <= t.nodes.size());                 // no loop
        const bool from_above = r.port_goes_up(at.node, at.port);
        REQUIRE(r.count(at.node, d, from_above) > 0);
        for (auto q = r.begin(at.node, d, from_above); q != r.end(at.node, d, from_above); ++q) {
            if (from_above) CHECK_FALSE(r.port_goes_up(at.node, *q));
            link_end next = t.peer(at.node, *q);
            CHECK(t.nodes[next.node].level != t.nodes[at.node].level); // no ring link
            walk(next, p);
        }
    };
    walk(t.peer(t.gpu_node(s), 0), path{t.gpu_node(s)});
}

// Every simple path of the graph from s to d whose levels strictly rise,
// then strictly fall, through switches only: the up*/down* paths, found
// without the routing code.
void updown_paths(const topology& t, unsigned s, unsigned d, std::set<path>& out) {
    const unsigned dn = t.gpu_node(d);
    std::function<void(unsigned, bool, path)> walk = [&](unsigned v, bool falling, path p) {
        p.push_back(v);
        if (v == dn) {
            out.insert(p);
            return;
        }
        if (p.size() > 1 && t.nodes[v].kind == node_kind::GPU) return;
        for (unsigned port = 0; port < t.nodes[v].radix; ++port) {
            link_end next = t.peer(v, port);
            if (next.node == t.nodes.size()) continue;
            if (std::find(p.begin(), p.end(), next.node) != p.end()) continue;
            unsigned lv = t.nodes[v].level, ln = t.nodes[next.node].level;
            if (ln == lv || (falling && ln > lv)) continue;
            walk(next.node, falling || ln < lv, p);
        }
    };
    walk(t.gpu_node(s), false, {});
}

} // namespace

TEST_CASE("up*/down*: a ring at one level is never used, tables hold every shortest path",
          "[fabric]") {
    topology t = parse_topology(ring_file, "ring.json", 1);
    routing r(t, {}, "fabric.topology");
    for (unsigned s = 0; s < 8; ++s)
        for (unsigned d = 0; d < 8; ++d) {
            if (s == d) continue;
            std::set<path> tables, valid;
            table_paths(t, r, s, d, tables);
            updown_paths(t, s, d, valid);
            REQUIRE_FALSE(valid.empty());
            size_t shortest = valid.begin()->size();
            for (const auto& p : valid) shortest = std::min(shortest, p.size());
            std::set<path> minimal;
            for (const auto& p : valid)
                if (p.size() == shortest) minimal.insert(p);
            INFO("gpu" << s << " -> gpu" << d);
            CHECK(tables == minimal);
            CHECK(r.switch_hops(s, d, 0) == shortest - 2); // nodes minus the two GPUs
        }
    // r1 to r3 can only climb to t0 (t1 does not reach them): 3 switches.
    CHECK(r.switch_hops(2, 6, 0) == 3);
    CHECK(r.diameter() == 3);
}
