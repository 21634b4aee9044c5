// SPDX-License-Identifier: Apache-2.0
// A fabric topology as plain data: GPU nodes, switch nodes with their radix
// and level, and full-duplex links with their two ends and their tier. The
// generators (topology_generators.h) and the edges file (topology_file.h)
// make one; validate() checks it before anything is elaborated; routing.h
// derives the switches' tables from it; the builder (models/fabric/builder.h)
// elaborates it into GPUs, switches and links. Plain C++, no SystemC.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lumen::fabric {

enum class node_kind { GPU, SWITCH };

struct node {
    node_kind kind = node_kind::SWITCH;
    std::string name;   // unique: "gpu3", "plane0_leaf2", "spine1"; module names derive from it
    unsigned radix = 0; // ports; a GPU's ports are its fabric links (one per plane)
    // GPUs are level 0; switches count up from the GPUs (leaf 1, spine 2;
    // edge 1, aggregation 2, core 3). Up*/down* routing goes up then down.
    unsigned level = 0;
    unsigned plane = 0; // the copy of the network it belongs to (GPUs: 0)
    unsigned gpu = 0;   // GPU nodes: the GPU's index, 0 .. gpus-1
};

struct link_end {
    unsigned node = 0; // index into topology::nodes
    unsigned port = 0; // 0 .. radix-1 of that node
};

// One full-duplex link. For a GPU-to-switch link, `a` is the GPU end; for a
// switch-to-switch link, `a` is the lower level. Requests from a enter the
// link's a side.
struct link {
    link_end a, b;
    unsigned tier = 0; // index into topology::tiers
    std::string name;  // unique: "gpu3_plane1_link", "leaf0_spine1_link0"
};

struct topology {
    std::string kind; // p2p | pod | leaf_spine | fat_tree | edges
    std::vector<node> nodes;
    std::vector<link> links;
    std::vector<std::string> tiers;  // names, e.g. gpu_leaf, leaf_spine
    std::vector<std::string> levels; // names of switch levels 1.., e.g. leaf, spine
    unsigned planes = 1;

    // Linear scans, for a topology being built or checked; code that asks
    // per GPU, per port or per message uses a topology_index.
    unsigned gpus() const;                 // GPU nodes
    unsigned gpu_node(unsigned gpu) const; // node index of GPU `gpu`; nodes.size() when none
    unsigned tier_index(const std::string& name) const; // tiers.size() when none
    // The link at a node's port; links.size() when the port is unused.
    unsigned link_at(unsigned node, unsigned port) const;
    // The far end of the link at (node, port); {nodes.size(), 0} when unused.
    link_end peer(unsigned node, unsigned port) const;

    // Appends GPUs 0 .. count-1 ("gpu{g}"), each with one port per plane
    // (set `planes` first).
    void add_gpus(unsigned count);
};

// The same answers as topology's accessors in O(1), from tables built once
// (O(nodes + ports + links)). The topology must outlive the index and not
// change while it is in use; a question the tables cannot hold (a node or
// port beyond what the topology declares) gets the linear scan's answer.
class topology_index {
public:
    explicit topology_index(const topology& t);

    unsigned gpus() const { return m_gpus; }
    unsigned gpu_node(unsigned gpu) const;
    unsigned link_at(unsigned node, unsigned port) const;
    link_end peer(unsigned node, unsigned port) const;

private:
    const topology& m_t;
    unsigned m_gpus = 0;
    std::vector<unsigned> m_gpu_node;  // by GPU index below nodes.size()
    std::vector<size_t> m_first_port;  // per node, its ports' place in m_port_link
    std::vector<unsigned> m_port_link; // by (node, port < radix)
};

// Checks what the builder and routing rely on: at least 2 GPUs with indices
// 0 .. N-1 each once, unique non-empty names, GPUs at level 0 and plane 0
// with one port per plane, switches at levels 1 .. levels.size() and planes
// < planes, every link end an existing node and a port < its radix, no port
// used twice, no self-link, tiers valid, `a` not above `b`, a GPU's port p
// joined to plane p. Throws config_error naming `key` (e.g. "fabric.file")
// and the node or link.
void validate(const topology& t, const std::string& key);

} // namespace lumen::fabric
