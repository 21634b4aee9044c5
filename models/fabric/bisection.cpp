// SPDX-License-Identifier: Apache-2.0
// bisection_GBps (routing.h): Dinic's max flow over plane 0, each
// full-duplex link two directed arcs of its tier's capacity. A cut is a
// property of the graph, not of the tables, so any topology gets one.
#include "models/fabric/routing.h"

#include <algorithm>
#include <queue>
#include <stdexcept>

namespace lumen::fabric {

namespace {

class max_flow {
public:
    explicit max_flow(unsigned nodes)
        : m_first(nodes, -1)
        , m_level(nodes)
        , m_next_arc(nodes) {}

    void add_arc(unsigned from, unsigned to, double capacity) {
        m_arcs.push_back({to, capacity, m_first[from]});
        m_first[from] = int(m_arcs.size() - 1);
        m_arcs.push_back({from, 0.0, m_first[to]}); // residual twin: index ^ 1
        m_first[to] = int(m_arcs.size() - 1);
    }

    // `infinity` bounds any path's flow; residuals <= `epsilon` count as 0,
    // so rounding in the doubles cannot keep a saturated arc alive.
    double run(unsigned source, unsigned sink, double infinity, double epsilon) {
        m_epsilon = epsilon;
        double total = 0;
        while (levels(source, sink)) {
            std::copy(m_first.begin(), m_first.end(), m_next_arc.begin());
            while (double f = push(source, sink, infinity)) total += f;
        }
        return total;
    }

private:
    struct arc {
        unsigned to;
        double residual;
        int next; // next arc out of the same node, -1 at the end
    };
    std::vector<arc> m_arcs;
    std::vector<int> m_first, m_level, m_next_arc;
    double m_epsilon = 0;

    bool levels(unsigned source, unsigned sink) {
        std::fill(m_level.begin(), m_level.end(), -1);
        std::queue<unsigned> q;
        m_level[source] = 0;
        q.push(source);
        while (!q.empty()) {
            unsigned v = q.front();
            q.pop();
            for (int a = m_first[v]; a >= 0; a = m_arcs[a].next)
                if (m_arcs[a].residual > m_epsilon && m_level[m_arcs[a].to] < 0) {
                    m_level[m_arcs[a].to] = m_level[v] + 1;
                    q.push(m_arcs[a].to);
                }
        }
        return m_level[sink] >= 0;
    }

    // One augmenting path of the level graph; recursion depth is the path
    // length, a handful of levels in any fabric.
    double push(unsigned v, unsigned sink, double limit) {
        if (v == sink) return limit;
        for (int& a = m_next_arc[v]; a >= 0; a = m_arcs[a].next) {
            arc& e = m_arcs[a];
            if (e.residual <= m_epsilon || m_level[e.to] != m_level[v] + 1) continue;
            if (double f = push(e.to, sink, std::min(limit, e.residual))) {
                e.residual -= f;
                m_arcs[a ^ 1].residual += f;
                return f;
            }
        }
        return 0;
    }
};

// Whether a link belongs to plane 0: a GPU end on port 0, a switch end in plane 0.
bool in_plane0(const topology& t, const link_end& e) {
    const auto& n = t.nodes[e.node];
    return n.kind == node_kind::GPU ? e.port == 0 : n.plane == 0;
}

} // namespace

double bisection_GBps(const topology& t, const std::vector<double>& tier_GBps) {
    if (tier_GBps.size() < t.tiers.size())
        throw std::invalid_argument("bisection_GBps: one capacity per tier needed");
    const unsigned nodes = unsigned(t.nodes.size());
    const unsigned source = nodes, sink = nodes + 1;
    max_flow flow(nodes + 2);
    double total = 0, largest = 0;
    for (const auto& l : t.links) {
        if (!in_plane0(t, l.a) || !in_plane0(t, l.b)) continue;
        double c = tier_GBps[l.tier];
        flow.add_arc(l.a.node, l.b.node, c);
        flow.add_arc(l.b.node, l.a.node, c);
        total += 2 * c;
        largest = std::max(largest, c);
    }
    // "Infinite" GPU arcs: more than every link together, so never the cut.
    const double infinity = total + 1;
    const unsigned half = t.gpus() / 2;
    for (unsigned v = 0; v < nodes; ++v) {
        const auto& n = t.nodes[v];
        if (n.kind != node_kind::GPU) continue;
        if (n.gpu < half)
            flow.add_arc(source, v, infinity);
        else
            flow.add_arc(v, sink, infinity);
    }
    return flow.run(source, sink, infinity, largest * 1e-12);
}

} // namespace lumen::fabric
