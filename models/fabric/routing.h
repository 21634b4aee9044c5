// SPDX-License-Identifier: Apache-2.0
// Routing tables from the graph: for every switch and destination GPU, the
// set of equal-cost output ports. Deadlock-free by up*/down* routing: a
// request climbs toward higher levels, then only descends; a request that
// arrived from above uses the down-only set. On a Clos every shortest path is
// up/down, so the tables hold every shortest path. Requests and responses
// already ride separate crossbar planes in each switch, and responses retrace
// their request's path, so only requests need tables. Plain C++.
#pragma once

#include "models/fabric/topology.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lumen::fabric {

class routing {
public:
    // `link_down[i]` (optional, one per topology link): links to route
    // around. `t` must have passed validate(). Throws config_error naming
    // `key` (e.g. "fabric.topology") and the first GPU pair (by plane,
    // source, destination) with no up*/down* path. A link between two
    // switches of one level is neither up nor down, so requests never use
    // it: levels must give every pair an up-then-down path.
    routing(const topology& t, const std::vector<bool>& link_down, const std::string& key);
    // The tables around links that died during a run: a pair left without
    // a path gets no ports (count() == 0) instead of an error.
    struct partial_t {};
    static constexpr partial_t partial{};
    routing(const topology& t, const std::vector<bool>& link_down, partial_t);

    // Equal-cost output ports of switch node `sw` toward GPU `dst`;
    // `from_above`: the request came in through a port from a higher level.
    const uint16_t* begin(unsigned sw, unsigned dst, bool from_above) const;
    const uint16_t* end(unsigned sw, unsigned dst, bool from_above) const;
    unsigned count(unsigned sw, unsigned dst, bool from_above) const {
        return unsigned(end(sw, dst, from_above) - begin(sw, dst, from_above));
    }
    // Whether port `port` of switch node `sw` leads to a higher level.
    bool port_goes_up(unsigned sw, unsigned port) const;
    // Switches a request from GPU src to GPU dst crosses in plane `plane`.
    unsigned switch_hops(unsigned src, unsigned dst, unsigned plane) const;
    unsigned diameter() const; // max switch_hops over GPU pairs and planes

private:
    void build(const topology& t, const std::vector<bool>& link_down, const std::string& key,
               bool partial);

    // Where (node, port) leads: m_peer[m_port_base[node] + port]; node =
    // nodes.size() for an unused or down port.
    std::vector<uint32_t> m_port_base;
    std::vector<link_end> m_peer;
    std::vector<bool> m_goes_up;          // indexed like m_peer
    std::vector<unsigned> m_switch_index; // node -> switch-local index
    std::vector<unsigned> m_gpu_node;     // GPU index -> node
    unsigned m_switches = 0;
    unsigned m_gpus = 0;
    unsigned m_diameter = 0;
    // CSR per (destination, switch, from_above), destination-major because
    // the tables are built one destination at a time: entry
    // (d * m_switches + s) * 2 + from_above spans m_ports[m_offset[e] ..
    // m_offset[e + 1]).
    std::vector<uint32_t> m_offset;
    std::vector<uint16_t> m_ports;

    size_t entry(unsigned sw, unsigned dst, bool from_above) const;
};

// Bisection bandwidth (GB/s) of one plane: the max flow between the first
// and second half of the GPUs by index, each link carrying `tier_GBps[tier]`
// per direction. On the generators' numbering (leaf-major) that split is the
// worst balanced one of a Clos.
double bisection_GBps(const topology& t, const std::vector<double>& tier_GBps);

} // namespace lumen::fabric
