// SPDX-License-Identifier: Apache-2.0
// The one builder: elaborates any fabric::topology into modules. Per GPU
// node a gpu module (models/gpu/gpu.h), per switch node a packet_switch
// whose route function reads the up*/down* tables of routing.h, per link a
// full-duplex microled_link of its tier's technology, and, when asked, the
// host CPU on its control path to every GPU's and switch's registers.
//
// Wiring of a link between ends a and b (a GPU or a switch port each):
//   a's requests -> link.a_in ... link.b_out -> b's request target
//   b's requests -> link.b_in ... link.a_out -> a's request target
// A GPU's requests leave through its fabric_out(port) and arrive through
// fabric_in(port); a switch's through port_out[p] and port_in[p].
//
// The builder also stands for the fabric's out-of-band services: which
// planes a GPU can use (path_status_if, from the link states), the routes
// around links that die during the run (the switches'), the flags a
// collective raises in a peer (a flag_board), and, without a host, the
// GPUs' interrupt lines (interrupt_if: nobody listens).
#pragma once

#include "models/fabric/routing.h"
#include "models/fabric/topology.h"
#include "models/gpu/flag_board.h"
#include "models/gpu/gpu.h"
#include "models/host/control_bus.h"
#include "models/host/host_cpu.h"
#include "models/serdes/microled_link.h"
#include "models/switch/packet_switch.h"

#include <systemc>

#include <functional>
#include <memory>
#include <vector>

namespace lumen {

enum class route_choice { ECMP, SPRAY };

struct fabric_spec {
    fabric::topology topology;
    std::vector<serdes::link_params> tier_links; // per tier of the topology
    std::vector<switch_params> level_switches;   // per switch level (index level - 1)
    memory_port_params memory;                   // each GPU's; GPU g holds the g-th range
    plane_interleave interleave;                 // planes = topology.planes
    route_choice routing = route_choice::ECMP;
    std::vector<bool> links_down; // per topology link: down before traffic, routed around
    recovery_params recovery;     // each GPU's end-to-end timeout and reissues
    uint64_t seed = 1;            // link i draws from seed + i
    bool host = true;             // a host CPU starts the GPUs (else they start at time zero)
    host_params host_config;
    control_bus_params bus;
};

class fabric_builder : public sc_core::sc_module, public path_status_if, public interrupt_if {
public:
    // Builds everything but the GPUs' engines; `make_engine(g, gpu)` makes
    // GPU g's (gpu::make_engine), after every memory exists (a collective
    // initializes it).
    using engine_factory = std::function<void(unsigned, lumen::gpu&)>;
    fabric_builder(sc_core::sc_module_name name, fabric_spec spec, const engine_factory& make);

    const fabric_spec& spec() const { return m_spec; }
    // O(1) lookups in spec().topology (GPU nodes, links at ports).
    const fabric::topology_index& index() const { return m_index; }
    const fabric::routing& routes() const { return m_routing; }
    // Whether topology link i is up in both directions now.
    bool link_up(size_t i) const;
    unsigned gpus() const { return unsigned(m_gpus.size()); }
    lumen::gpu& gpu_at(unsigned g) { return *m_gpus[g]; }
    const lumen::gpu& gpu_at(unsigned g) const { return *m_gpus[g]; }
    // In topology order (switch nodes, topology links).
    size_t switch_count() const { return m_switches.size(); }
    packet_switch& switch_at(size_t i) { return *m_switches[i]; }
    const packet_switch& switch_at(size_t i) const { return *m_switches[i]; }
    unsigned switch_node(size_t i) const { return m_switch_nodes[i]; }
    serdes::microled_link& link_at(size_t i) { return *m_links[i]; }
    const serdes::microled_link& link_at(size_t i) const { return *m_links[i]; }
    size_t link_count() const { return m_links.size(); }
    // Null without a host.
    host_cpu* host() { return m_host.get(); }
    const control_bus* control() const { return m_control.get(); }

    // path_status_if: both GPU ends' links of the plane are up.
    bool can_carry(unsigned gpu, unsigned plane, unsigned destination) const override;
    // interrupt_if, without a host: the GPUs start at time zero and nobody
    // waits for their interrupts.
    void interrupt(unsigned) override {}

    void trace(tracer& t) const;

private:
    void build_switches();
    void build_links();
    void build_control();
    unsigned route(unsigned node, const tlm::tlm_generic_payload& gp, unsigned in_port, bool debug);
    // A link went down or came up during the run: the switches route
    // around every link down now (as a fabric manager reprograms them).
    void reroute();

    fabric_spec m_spec;
    fabric::topology_index m_index; // of m_spec.topology
    fabric::routing m_routing;
    // The tables since a link changed state during the run (null before):
    // a pair they leave without a path keeps m_routing's ports.
    std::unique_ptr<fabric::routing> m_live_routing;
    std::vector<unsigned> m_switch_index; // node -> index in m_switches
    std::vector<unsigned> m_switch_nodes; // index in m_switches -> node
    std::vector<uint32_t> m_spray_next;   // per (switch, destination): next equal-cost port
    // Asked per request, so looked up once here rather than found by a scan
    // of the topology each time: the GPU count, and per (GPU, plane) the
    // index of the GPU's link (m_links.size() when it has none).
    unsigned m_gpu_count = 0;
    std::vector<unsigned> m_gpu_link;
    // The GPUs' engines own the payloads in flight: the GPUs are destroyed
    // last, after the links and switches that may still hold some.
    std::vector<std::unique_ptr<lumen::gpu>> m_gpus;
    std::vector<std::unique_ptr<serdes::microled_link>> m_links;
    std::vector<std::unique_ptr<packet_switch>> m_switches;
    std::unique_ptr<control_bus> m_control;
    std::unique_ptr<host_cpu> m_host;
    std::unique_ptr<flag_board> m_flags;
};

} // namespace lumen
