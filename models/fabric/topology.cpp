// SPDX-License-Identifier: Apache-2.0
// The topology accessors and validate(): the one place that states what a
// well-formed topology is, so the generators, the edges file and hand-made
// topologies in tests are all held to the same rules.
#include "models/fabric/topology.h"

#include "models/core/config.h"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

namespace lumen::fabric {

unsigned topology::gpus() const {
    unsigned n = 0;
    for (const auto& v : nodes) n += v.kind == node_kind::GPU;
    return n;
}

unsigned topology::gpu_node(unsigned gpu) const {
    for (unsigned i = 0; i < nodes.size(); ++i)
        if (nodes[i].kind == node_kind::GPU && nodes[i].gpu == gpu) return i;
    return unsigned(nodes.size());
}

unsigned topology::tier_index(const std::string& name) const {
    for (unsigned i = 0; i < tiers.size(); ++i)
        if (tiers[i] == name) return i;
    return unsigned(tiers.size());
}

unsigned topology::link_at(unsigned node, unsigned port) const {
    for (unsigned i = 0; i < links.size(); ++i) {
        const auto& l = links[i];
        if ((l.a.node == node && l.a.port == port) || (l.b.node == node && l.b.port == port))
            return i;
    }
    return unsigned(links.size());
}

link_end topology::peer(unsigned node, unsigned port) const {
    unsigned i = link_at(node, port);
    if (i == links.size()) return {unsigned(nodes.size()), 0};
    const auto& l = links[i];
    return l.a.node == node && l.a.port == port ? l.b : l.a;
}

topology_index::topology_index(const topology& t)
    : m_t(t) {
    const unsigned nodes = unsigned(t.nodes.size()), links = unsigned(t.links.size());
    m_gpu_node.assign(nodes, nodes);
    m_first_port.assign(size_t(nodes) + 1, 0);
    for (unsigned i = 0; i < nodes; ++i) {
        const node& v = t.nodes[i];
        m_first_port[i + 1] = m_first_port[i] + v.radix;
        if (v.kind != node_kind::GPU) continue;
        ++m_gpus;
        // The first node that claims a GPU index wins, as in the scan.
        if (v.gpu < nodes && m_gpu_node[v.gpu] == nodes) m_gpu_node[v.gpu] = i;
    }
    m_port_link.assign(m_first_port.back(), links);
    for (unsigned i = 0; i < links; ++i) {
        for (const link_end& end : {t.links[i].a, t.links[i].b}) {
            if (end.node >= nodes || end.port >= t.nodes[end.node].radix) continue;
            unsigned& at = m_port_link[m_first_port[end.node] + end.port];
            if (at == links) at = i; // the first link at a port wins
        }
    }
}

unsigned topology_index::gpu_node(unsigned gpu) const {
    return gpu < m_gpu_node.size() ? m_gpu_node[gpu] : m_t.gpu_node(gpu);
}

unsigned topology_index::link_at(unsigned node, unsigned port) const {
    if (node >= m_t.nodes.size() || port >= m_t.nodes[node].radix) return m_t.link_at(node, port);
    return m_port_link[m_first_port[node] + port];
}

link_end topology_index::peer(unsigned node, unsigned port) const {
    const unsigned i = link_at(node, port);
    if (i == m_t.links.size()) return {unsigned(m_t.nodes.size()), 0};
    const link& l = m_t.links[i];
    return l.a.node == node && l.a.port == port ? l.b : l.a;
}

void topology::add_gpus(unsigned count) {
    for (unsigned g = 0; g < count; ++g) {
        node v;
        v.kind = node_kind::GPU;
        v.name = fmt::format("gpu{}", g);
        v.radix = planes;
        v.gpu = g;
        nodes.push_back(v);
    }
}

namespace {

[[noreturn]] void fail(const std::string& key, const std::string& what) {
    throw config_error(fmt::format("{}: {}", key, what));
}

void validate_nodes(const topology& t, const std::string& key) {
    const unsigned n = t.gpus();
    if (n < 2) fail(key, fmt::format("{} GPUs; allowed: at least 2", n));
    if (t.planes < 1) fail(key, "planes = 0; allowed: at least 1");
    std::unordered_set<std::string> names;
    std::vector<bool> seen(n, false);
    for (const auto& v : t.nodes) {
        if (v.name.empty()) fail(key, "a node has an empty name; allowed: a unique non-empty name");
        if (!names.insert(v.name).second)
            fail(key, fmt::format("node \"{}\" is named twice; allowed: unique names", v.name));
        if (v.kind == node_kind::GPU) {
            if (v.gpu >= n || seen[v.gpu])
                fail(key, fmt::format("node \"{}\" has GPU index {}; allowed: each of 0 .. {} once",
                                      v.name, v.gpu, n - 1));
            seen[v.gpu] = true;
            if (v.level != 0 || v.plane != 0)
                fail(key, fmt::format("GPU \"{}\" has level {} plane {}; allowed: level 0, plane 0",
                                      v.name, v.level, v.plane));
            if (v.radix != t.planes)
                fail(key, fmt::format("GPU \"{}\" has radix {}; allowed: {} (one port per plane)",
                                      v.name, v.radix, t.planes));
        } else {
            if (v.level < 1 || v.level > t.levels.size())
                fail(key, fmt::format("switch \"{}\" has level {}; allowed: 1 .. {} (levels)",
                                      v.name, v.level, t.levels.size()));
            if (v.plane >= t.planes)
                fail(key, fmt::format("switch \"{}\" is in plane {}; allowed: 0 .. {}", v.name,
                                      v.plane, t.planes - 1));
            if (v.radix < 1)
                fail(key, fmt::format("switch \"{}\" has radix 0; allowed: at least 1", v.name));
        }
    }
}

// One end of link `l`: an existing node, a port within its radix, not yet used.
void validate_end(const topology& t, const std::string& key, const link& l, const link_end& e,
                  char side, std::unordered_map<uint64_t, const link*>& used) {
    if (e.node >= t.nodes.size())
        fail(key, fmt::format("link \"{}\".{} names node {}; allowed: 0 .. {}", l.name, side,
                              e.node, t.nodes.size() - 1));
    const auto& v = t.nodes[e.node];
    if (e.port >= v.radix)
        fail(key, fmt::format("link \"{}\".{} uses port {} of \"{}\"; allowed: 0 .. {} (radix {})",
                              l.name, side, e.port, v.name, v.radix - 1, v.radix));
    auto [it, fresh] = used.emplace(uint64_t(e.node) << 32 | e.port, &l);
    if (!fresh)
        fail(key, fmt::format("link \"{}\".{} uses port {} of \"{}\", already used by link \"{}\"; "
                              "allowed: one link per port",
                              l.name, side, e.port, v.name, it->second->name));
}

// A GPU's port p belongs to plane p: to a plane-p switch, or straight to
// another GPU's port p.
void validate_gpu_end(const topology& t, const std::string& key, const link& l,
                      const link_end& gpu_end, const link_end& other) {
    const auto& g = t.nodes[gpu_end.node];
    const auto& o = t.nodes[other.node];
    unsigned plane = o.kind == node_kind::GPU ? other.port : o.plane;
    if (plane != gpu_end.port)
        fail(key, fmt::format("link \"{}\" joins port {} of \"{}\" to plane {}; allowed: a GPU's "
                              "port p joins plane p",
                              l.name, gpu_end.port, g.name, plane));
}

} // namespace

void validate(const topology& t, const std::string& key) {
    validate_nodes(t, key);
    std::unordered_set<std::string> names;
    std::unordered_map<uint64_t, const link*> used;
    for (const auto& l : t.links) {
        if (l.name.empty()) fail(key, "a link has an empty name; allowed: a unique non-empty name");
        if (!names.insert(l.name).second)
            fail(key, fmt::format("link \"{}\" is named twice; allowed: unique names", l.name));
        if (l.tier >= t.tiers.size())
            fail(key, fmt::format("link \"{}\" has tier {}; allowed: 0 .. {} (tiers)", l.name,
                                  l.tier, t.tiers.size() - 1));
        validate_end(t, key, l, l.a, 'a', used);
        validate_end(t, key, l, l.b, 'b', used);
        const auto& a = t.nodes[l.a.node];
        const auto& b = t.nodes[l.b.node];
        if (l.a.node == l.b.node)
            fail(key, fmt::format("link \"{}\" joins \"{}\" to itself; allowed: two nodes", l.name,
                                  a.name));
        if (a.level > b.level)
            fail(key, fmt::format("link \"{}\": a = \"{}\" (level {}) is above b = \"{}\" (level "
                                  "{}); allowed: a at or below b",
                                  l.name, a.name, a.level, b.name, b.level));
        if (a.kind == node_kind::GPU) validate_gpu_end(t, key, l, l.a, l.b);
        if (b.kind == node_kind::GPU) validate_gpu_end(t, key, l, l.b, l.a);
        if (a.kind == node_kind::SWITCH && b.kind == node_kind::SWITCH && a.plane != b.plane)
            fail(key, fmt::format("link \"{}\" joins \"{}\" (plane {}) to \"{}\" (plane {}); "
                                  "allowed: switches of one plane",
                                  l.name, a.name, a.plane, b.name, b.plane));
    }
}

} // namespace lumen::fabric
