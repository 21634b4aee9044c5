// SPDX-License-Identifier: Apache-2.0
// Up*/down* tables by two sweeps over the levels per destination, and the
// bisection by max flow. Both are plain graph algorithms over the topology;
// nothing here knows about the generators, so the edges file gets the same.
#include "models/fabric/routing.h"

#include "models/core/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace lumen::fabric {

namespace {

constexpr unsigned unreachable = std::numeric_limits<unsigned>::max();

struct unroutable {
    unsigned plane, src, dst;
    bool operator<(const unroutable& o) const {
        return std::tie(plane, src, dst) < std::tie(o.plane, o.src, o.dst);
    }
};

} // namespace

routing::routing(const topology& t, const std::vector<bool>& link_down, const std::string& key) {
    build(t, link_down, key, false);
}

routing::routing(const topology& t, const std::vector<bool>& link_down, partial_t) {
    build(t, link_down, "fabric.topology", true);
}

void routing::build(const topology& t, const std::vector<bool>& link_down, const std::string& key,
                    bool partial) {
    if (!link_down.empty() && link_down.size() != t.links.size())
        throw std::invalid_argument("routing: link_down needs one entry per link");
    const unsigned nodes = unsigned(t.nodes.size());

    m_port_base.assign(nodes + 1, 0);
    m_switch_index.assign(nodes, unreachable);
    m_gpu_node.assign(t.gpus(), 0);
    std::vector<unsigned> switches; // node indices, ascending level
    for (unsigned v = 0; v < nodes; ++v) {
        const auto& n = t.nodes[v];
        m_port_base[v + 1] = m_port_base[v] + n.radix;
        if (n.kind == node_kind::GPU) {
            m_gpu_node[n.gpu] = v;
            continue;
        }
        if (n.radix > std::numeric_limits<uint16_t>::max() + 1u)
            throw config_error(fmt::format("{}: switch {} has radix {}; allowed: at most 65536",
                                           key, n.name, n.radix));
        m_switch_index[v] = unsigned(switches.size());
        switches.push_back(v);
    }
    m_switches = unsigned(switches.size());
    m_gpus = unsigned(m_gpu_node.size());
    // The level sweeps need the switches in level order; the tables keep
    // node order (the switch-local index).
    std::vector<unsigned> by_level = switches;
    std::stable_sort(by_level.begin(), by_level.end(),
                     [&](unsigned x, unsigned y) { return t.nodes[x].level < t.nodes[y].level; });

    m_peer.assign(m_port_base[nodes], link_end{nodes, 0});
    m_goes_up.assign(m_port_base[nodes], false);
    for (unsigned i = 0; i < t.links.size(); ++i) {
        const auto& l = t.links[i];
        // Direction is physical: a down link's port still points up or down.
        m_goes_up[m_port_base[l.a.node] + l.a.port] =
            t.nodes[l.b.node].level > t.nodes[l.a.node].level;
        m_goes_up[m_port_base[l.b.node] + l.b.port] =
            t.nodes[l.a.node].level > t.nodes[l.b.node].level;
        if (!link_down.empty() && link_down[i]) continue;
        m_peer[m_port_base[l.a.node] + l.a.port] = l.b;
        m_peer[m_port_base[l.b.node] + l.b.port] = l.a;
    }

    const auto level = [&](unsigned v) { return t.nodes[v].level; };
    std::vector<unsigned> dd(nodes), best(nodes);
    m_offset.reserve(size_t(m_gpus) * m_switches * 2 + 1);
    m_offset.push_back(0);
    // The first unroutable pair by (plane, source, destination), so the
    // message does not depend on the order the tables are built in.
    unroutable bad{unreachable, 0, 0};
    for (unsigned d = 0; d < m_gpus; ++d) {
        const unsigned dn = m_gpu_node[d];
        std::fill(dd.begin(), dd.end(), unreachable);
        dd[dn] = 0; // other GPUs stay unreachable: they are never transit nodes
        // Down distance, lowest level first: a switch's lower neighbours are done.
        for (unsigned v : by_level)
            for (unsigned p = m_port_base[v]; p < m_port_base[v + 1]; ++p) {
                unsigned w = m_peer[p].node;
                if (w < nodes && level(w) < level(v) && dd[w] != unreachable)
                    dd[v] = std::min(dd[v], dd[w] + 1);
            }
        // Best up-then-down distance, highest level first.
        for (auto it = by_level.rbegin(); it != by_level.rend(); ++it) {
            unsigned v = *it;
            best[v] = dd[v];
            for (unsigned p = m_port_base[v]; p < m_port_base[v + 1]; ++p) {
                unsigned u = m_peer[p].node;
                if (u < nodes && level(u) > level(v) && best[u] != unreachable)
                    best[v] = std::min(best[v], best[u] + 1);
            }
        }
        for (unsigned v : switches) {
            for (int from_above = 0; from_above < 2; ++from_above) {
                // From above only descends along dd; from below any port on a
                // best path (a down port on one implies dd[v] == best[v]).
                const unsigned target = from_above ? dd[v] : best[v];
                for (unsigned p = m_port_base[v]; target != unreachable && p < m_port_base[v + 1];
                     ++p) {
                    unsigned w = m_peer[p].node;
                    if (w >= nodes) continue;
                    bool down = level(w) < level(v) && dd[w] != unreachable && dd[w] + 1 == target;
                    bool up = !from_above && level(w) > level(v) && best[w] != unreachable &&
                              best[w] + 1 == target;
                    if (down || up) m_ports.push_back(uint16_t(p - m_port_base[v]));
                }
                if (m_ports.size() > std::numeric_limits<uint32_t>::max())
                    throw config_error(fmt::format("{}: routing tables exceed 2^32 entries; "
                                                   "allowed: a smaller topology",
                                                   key));
                m_offset.push_back(uint32_t(m_ports.size()));
            }
        }
        // Every source in every plane: its plane-p port, then best from there.
        for (unsigned plane = 0; plane < t.planes; ++plane)
            for (unsigned s = 0; s < m_gpus; ++s) {
                if (s == d) continue;
                link_end e = m_peer[m_port_base[m_gpu_node[s]] + plane];
                bool ok =
                    e.node == dn || (e.node < nodes && t.nodes[e.node].kind == node_kind::SWITCH &&
                                     best[e.node] != unreachable);
                if (ok && e.node != dn) m_diameter = std::max(m_diameter, best[e.node]);
                if (!ok) bad = std::min(bad, unroutable{plane, s, d});
            }
    }
    if (bad.plane != unreachable && !partial)
        throw config_error(fmt::format("{}: {} cannot reach {} in plane {} (up*/down*); allowed: "
                                       "a topology where every GPU pair has a path",
                                       key, t.nodes[m_gpu_node[bad.src]].name,
                                       t.nodes[m_gpu_node[bad.dst]].name, bad.plane));
    m_ports.shrink_to_fit();
}

size_t routing::entry(unsigned sw, unsigned dst, bool from_above) const {
    return (size_t(dst) * m_switches + m_switch_index[sw]) * 2 + (from_above ? 1 : 0);
}

const uint16_t* routing::begin(unsigned sw, unsigned dst, bool from_above) const {
    return m_ports.data() + m_offset[entry(sw, dst, from_above)];
}

const uint16_t* routing::end(unsigned sw, unsigned dst, bool from_above) const {
    return m_ports.data() + m_offset[entry(sw, dst, from_above) + 1];
}

bool routing::port_goes_up(unsigned sw, unsigned port) const {
    return m_goes_up[m_port_base[sw] + port];
}

unsigned routing::switch_hops(unsigned src, unsigned dst, unsigned plane) const {
    if (src == dst) return 0;
    const unsigned dn = m_gpu_node[dst];
    link_end e = m_peer[m_port_base[m_gpu_node[src]] + plane];
    unsigned hops = 0;
    // The constructor proved the pair routable, and every table entry
    // strictly shortens the remaining distance, so this ends.
    while (e.node != dn) {
        ++hops;
        bool from_above = port_goes_up(e.node, e.port);
        e = m_peer[m_port_base[e.node] + *begin(e.node, dst, from_above)];
    }
    return hops;
}

unsigned routing::diameter() const {
    return m_diameter;
}

} // namespace lumen::fabric
