// SPDX-License-Identifier: Apache-2.0
#include "models/fabric/fabric_builder.h"

#include "models/core/source_extension.h"
#include "models/host/register_map.h"

#include <fmt/format.h>

namespace lumen {

using namespace sc_core;

fabric_builder::fabric_builder(sc_module_name name, fabric_spec spec, const engine_factory& make)
    : sc_module(name)
    , m_spec(std::move(spec))
    , m_index(m_spec.topology)
    , m_routing(m_spec.topology, m_spec.links_down, "fabric.topology") {
    const fabric::topology& t = m_spec.topology;
    m_flags = std::make_unique<flag_board>("flags");
    m_gpu_count = m_index.gpus();
    for (unsigned g = 0; g < m_gpu_count; ++g) {
        memory_port_params mem = m_spec.memory;
        mem.base_address = uint64_t(g) * mem.size_bytes;
        m_gpus.push_back(std::make_unique<lumen::gpu>(t.nodes[m_index.gpu_node(g)].name.c_str(), g,
                                                      mem, m_spec.interleave, m_spec.recovery));
        m_gpus[g]->paths.bind(*this);
        m_flags->attach(*m_gpus[g]);
    }
    build_switches();
    build_links();
    const unsigned planes = m_spec.interleave.planes;
    m_gpu_link.assign(size_t(m_gpu_count) * planes, unsigned(t.links.size()));
    // Backwards, so that the first link at an end wins, as in link_at.
    for (unsigned i = unsigned(t.links.size()); i-- > 0;) {
        for (const fabric::link_end& end : {t.links[i].a, t.links[i].b}) {
            const fabric::node& node = t.nodes[end.node];
            if (node.kind == fabric::node_kind::GPU && end.port < planes)
                m_gpu_link[size_t(node.gpu) * planes + end.port] = i;
        }
    }
    for (unsigned g = 0; g < m_gpu_count; ++g) make(g, *m_gpus[g]);
    build_control();
}

void fabric_builder::build_switches() {
    const fabric::topology& t = m_spec.topology;
    m_switch_index.assign(t.nodes.size(), ~0u);
    for (unsigned n = 0; n < t.nodes.size(); ++n) {
        const fabric::node& node = t.nodes[n];
        if (node.kind != fabric::node_kind::SWITCH) continue;
        switch_params p = m_spec.level_switches.at(node.level - 1);
        // The ports in use: an unused port of the chip carries nothing, and
        // the crossbar's cost grows with its ports.
        p.ports = 0;
        for (unsigned port = 0; port < node.radix; ++port)
            if (m_index.link_at(n, port) < t.links.size()) p.ports = port + 1;
        m_switch_index[n] = unsigned(m_switches.size());
        m_switch_nodes.push_back(n);
        m_switches.push_back(std::make_unique<packet_switch>(
            node.name.c_str(), p,
            [this, n](const tlm::tlm_generic_payload& gp, unsigned in_port, bool debug) {
                return route(n, gp, in_port, debug);
            }));
    }
    m_spray_next.assign(m_switches.size() * m_gpu_count, 0);
}

unsigned fabric_builder::route(unsigned node, const tlm::tlm_generic_payload& gp, unsigned in_port,
                               bool debug) {
    const unsigned gpus = m_gpu_count;
    const uint64_t dst64 = gp.get_address() / m_spec.memory.size_bytes;
    if (dst64 >= gpus) return no_route;
    const unsigned dst = unsigned(dst64);
    const bool from_above = m_routing.port_goes_up(node, in_port);
    const fabric::routing& tables = m_live_routing && m_live_routing->count(node, dst, from_above)
                                        ? *m_live_routing
                                        : m_routing;
    const uint16_t* first = tables.begin(node, dst, from_above);
    const unsigned n = unsigned(tables.end(node, dst, from_above) - first);
    if (n == 0) return no_route;
    if (n == 1 || debug) return first[0];
    if (m_spec.routing == route_choice::SPRAY) {
        uint32_t& next = m_spray_next[size_t(m_switch_index[node]) * gpus + dst];
        const unsigned port = first[next % n];
        next = (next + 1) % n;
        return port;
    }
    // ECMP: one path per (source, destination) flow; the switch's node index
    // in the hash keeps consecutive tiers from choosing alike (polarization),
    // and a reissued copy's attempt number may move it to another path.
    const source_extension* src = gp.get_extension<source_extension>();
    uint64_t h = (uint64_t(src ? src->gpu : 0) << 32 | dst) ^
                 (uint64_t(node) * 0x9E3779B97F4A7C15ULL) ^
                 (uint64_t(src ? src->attempt : 0) * 0xC2B2AE3D27D4EB4FULL);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return first[h % n];
}

void fabric_builder::build_links() {
    const fabric::topology& t = m_spec.topology;
    for (size_t i = 0; i < t.links.size(); ++i) {
        const fabric::link& l = t.links[i];
        auto link = std::make_unique<serdes::microled_link>(
            l.name.c_str(), m_spec.tier_links.at(l.tier), m_spec.seed + i);
        // Each end's requests enter its side of the link and leave the other
        // side toward the far end's request target.
        auto bind_end = [&](const fabric::link_end& end, auto& in, auto& out) {
            const fabric::node& node = t.nodes[end.node];
            if (node.kind == fabric::node_kind::GPU) {
                m_gpus[node.gpu]->fabric_out(end.port).bind(in);
                out.bind(m_gpus[node.gpu]->fabric_in(end.port));
            } else {
                packet_switch& sw = *m_switches[m_switch_index[end.node]];
                sw.port_out[end.port].bind(in);
                out.bind(sw.port_in[end.port]);
            }
        };
        bind_end(l.a, link->a_in, link->a_out);
        bind_end(l.b, link->b_in, link->b_out);
        link->status_changed = [this] { reroute(); };
        m_links.push_back(std::move(link));
    }
}

void fabric_builder::build_control() {
    if (!m_spec.host) {
        for (auto& g : m_gpus) g->irq.bind(*this);
        return;
    }
    m_control = std::make_unique<control_bus>("control", m_spec.bus);
    host_params h = m_spec.host_config;
    h.gpus = gpus();
    h.switches = unsigned(m_switches.size());
    m_host = std::make_unique<host_cpu>("host", h);
    m_host->ctrl_out.bind(m_control->host_in);
    for (unsigned g = 0; g < gpus(); ++g) {
        m_gpus[g]->irq.bind(*m_host);
        m_control->map(regs::gpu_base(g), regs::block, m_gpus[g]->registers());
    }
    for (size_t s = 0; s < m_switches.size(); ++s)
        m_control->map(regs::switch_base(unsigned(s)), regs::block,
                       m_switches[s]->registers(unsigned(s)));
}

bool fabric_builder::link_up(size_t i) const {
    return m_links[i]->a_to_b().up() && m_links[i]->b_to_a().up();
}

void fabric_builder::reroute() {
    std::vector<bool> down(m_links.size());
    for (size_t i = 0; i < m_links.size(); ++i)
        down[i] = (!m_spec.links_down.empty() && m_spec.links_down[i]) || !link_up(i);
    m_live_routing =
        std::make_unique<fabric::routing>(m_spec.topology, down, fabric::routing::partial);
    for (auto& g : m_gpus) g->paths_changed();
}

bool fabric_builder::can_carry(unsigned gpu, unsigned plane, unsigned destination) const {
    auto up = [&](unsigned g) {
        if (g >= m_gpu_count || plane >= m_spec.interleave.planes) return false;
        const unsigned i = m_gpu_link[size_t(g) * m_spec.interleave.planes + plane];
        if (i >= m_links.size()) return false;
        return m_links[i]->a_to_b().up() && m_links[i]->b_to_a().up();
    };
    return up(gpu) && up(destination);
}

void fabric_builder::trace(tracer& t) const {
    // By tier and by level, as an architect reads a fabric: a tier's links,
    // a level's switches, then the GPUs; each split by plane when there are
    // several, so that a large pod's save file opens as a short list.
    const fabric::topology& top = m_spec.topology;
    const auto section = [&](const std::string& name, unsigned plane) {
        t.section(top.planes > 1 ? fmt::format("{}, plane {}", name, plane) : name);
    };
    // A link's plane is its switch end's (a GPU's own node is plane 0).
    const auto link_plane = [&](size_t i) { return top.nodes[top.links[i].b.node].plane; };
    for (unsigned tier = 0; tier < top.tiers.size(); ++tier)
        for (unsigned plane = 0; plane < top.planes; ++plane) {
            section("tier " + top.tiers[tier], plane);
            for (size_t i = 0; i < m_links.size(); ++i)
                if (top.links[i].tier == tier && link_plane(i) == plane) m_links[i]->trace(t);
        }
    for (unsigned level = 1; level <= top.levels.size(); ++level)
        for (unsigned plane = 0; plane < top.planes; ++plane) {
            section("level " + top.levels[level - 1], plane);
            for (size_t s = 0; s < m_switches.size(); ++s) {
                const fabric::node& n = top.nodes[m_switch_nodes[s]];
                if (n.level == level && n.plane == plane) m_switches[s]->trace(t);
            }
        }
    t.section("gpus");
    for (const auto& g : m_gpus) g->trace(t);
}

} // namespace lumen
