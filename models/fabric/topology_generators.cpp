// SPDX-License-Identifier: Apache-2.0
// The standard topologies. Node order is GPUs first, then each plane's
// switches from the lowest level up, so a node's index is a closed form the
// tests and the builder can rely on; port numbers are closed forms too.
#include "models/fabric/topology_generators.h"

#include "models/core/config.h"

#include <fmt/format.h>

namespace lumen::fabric {

namespace {

// Largest k accepted: 64 already gives 65,536 GPUs per plane; beyond that the
// routing tables alone would take gigabytes.
constexpr unsigned max_fat_tree_k = 64;

unsigned add_switch(topology& t, std::string name, unsigned radix, unsigned level, unsigned plane) {
    node v;
    v.name = std::move(name);
    v.radix = radix;
    v.level = level;
    v.plane = plane;
    t.nodes.push_back(v);
    return unsigned(t.nodes.size() - 1);
}

void add_link(topology& t, link_end a, link_end b, unsigned tier, std::string name) {
    t.links.push_back({a, b, tier, std::move(name)});
}

void check_planes(unsigned planes, const char* key) {
    if (planes < 1) throw config_error(fmt::format("{} = 0; allowed: at least 1", key));
}

} // namespace

topology make_p2p() {
    topology t;
    t.kind = "p2p";
    t.add_gpus(2);
    t.tiers = {"link"};
    add_link(t, {0, 0}, {1, 0}, 0, "link");
    return t;
}

topology make_pod(unsigned gpus, unsigned planes, unsigned switch_radix) {
    if (gpus < 2) throw config_error(fmt::format("pod.gpus = {}; allowed: at least 2", gpus));
    check_planes(planes, "pod.planes");
    if (switch_radix < gpus)
        throw config_error(fmt::format("pod.gpus = {} exceeds switch.ports = {}; allowed: "
                                       "pod.gpus <= switch.ports (a port per GPU)",
                                       gpus, switch_radix));
    topology t;
    t.kind = "pod";
    t.planes = planes;
    t.tiers = {"gpu_switch"};
    t.levels = {"switch"};
    t.add_gpus(gpus);
    for (unsigned s = 0; s < planes; ++s)
        add_switch(t, fmt::format("switch{}", s), switch_radix, 1, s);
    for (unsigned g = 0; g < gpus; ++g)
        for (unsigned s = 0; s < planes; ++s)
            add_link(t, {g, s}, {gpus + s, g}, 0, fmt::format("gpu{}_plane{}_link", g, s));
    return t;
}

namespace {

void check_leaf_spine(const leaf_spine_params& p) {
    if (p.gpus_per_leaf < 1) throw config_error("fabric.gpus_per_leaf = 0; allowed: at least 1");
    if (p.gpus % p.gpus_per_leaf != 0)
        throw config_error(fmt::format("fabric.gpus = {} is not a multiple of fabric.gpus_per_leaf "
                                       "= {}; allowed: whole leaves",
                                       p.gpus, p.gpus_per_leaf));
    if (p.gpus / p.gpus_per_leaf < 2)
        throw config_error(fmt::format("fabric.gpus = {} fills {} leaf of fabric.gpus_per_leaf = "
                                       "{}; allowed: at least 2 leaves",
                                       p.gpus, p.gpus / p.gpus_per_leaf, p.gpus_per_leaf));
    if (p.spines < 1) throw config_error("fabric.spines = 0; allowed: at least 1");
    if (p.uplinks_per_spine < 1)
        throw config_error("fabric.uplinks_per_spine = 0; allowed: at least 1");
    check_planes(p.planes, "fabric.planes");
    // 64-bit: the product of two user values must not wrap past the check.
    uint64_t leaf_ports = p.gpus_per_leaf + uint64_t(p.spines) * p.uplinks_per_spine;
    if (leaf_ports > p.switch_radix)
        throw config_error(
            fmt::format("fabric.gpus_per_leaf = {} plus {} uplinks (fabric.spines = {} x "
                        "fabric.uplinks_per_spine = {}) exceeds switch.ports = {}; allowed: "
                        "gpus_per_leaf + spines x uplinks_per_spine <= switch.ports",
                        p.gpus_per_leaf, uint64_t(p.spines) * p.uplinks_per_spine, p.spines,
                        p.uplinks_per_spine, p.switch_radix));
    uint64_t spine_ports = uint64_t(p.gpus / p.gpus_per_leaf) * p.uplinks_per_spine;
    if (spine_ports > p.switch_radix)
        throw config_error(fmt::format(
            "fabric.uplinks_per_spine = {} x {} leaves (fabric.gpus / fabric.gpus_per_leaf) = {} "
            "spine ports exceeds switch.ports = {}; allowed: leaves x uplinks_per_spine <= "
            "switch.ports",
            p.uplinks_per_spine, p.gpus / p.gpus_per_leaf, spine_ports, p.switch_radix));
}

} // namespace

topology make_leaf_spine(const leaf_spine_params& p) {
    check_leaf_spine(p);
    const unsigned leaves = p.gpus / p.gpus_per_leaf;
    const unsigned ups = p.uplinks_per_spine;
    topology t;
    t.kind = "leaf_spine";
    t.planes = p.planes;
    t.tiers = {"gpu_leaf", "leaf_spine"};
    t.levels = {"leaf", "spine"};
    t.add_gpus(p.gpus);
    for (unsigned pl = 0; pl < p.planes; ++pl) {
        const unsigned leaf0 = unsigned(t.nodes.size());
        for (unsigned i = 0; i < leaves; ++i)
            add_switch(t, fmt::format("plane{}_leaf{}", pl, i), p.switch_radix, 1, pl);
        const unsigned spine0 = unsigned(t.nodes.size());
        for (unsigned j = 0; j < p.spines; ++j)
            add_switch(t, fmt::format("plane{}_spine{}", pl, j), p.switch_radix, 2, pl);
        // Leaf ports: its GPUs first, then the uplinks spine-major.
        for (unsigned g = 0; g < p.gpus; ++g)
            add_link(t, {g, pl}, {leaf0 + g / p.gpus_per_leaf, g % p.gpus_per_leaf}, 0,
                     fmt::format("gpu{}_plane{}_link", g, pl));
        for (unsigned i = 0; i < leaves; ++i)
            for (unsigned j = 0; j < p.spines; ++j)
                for (unsigned u = 0; u < ups; ++u)
                    add_link(t, {leaf0 + i, p.gpus_per_leaf + j * ups + u},
                             {spine0 + j, i * ups + u}, 1,
                             fmt::format("plane{}_leaf{}_spine{}_link{}", pl, i, j, u));
    }
    return t;
}

double oversubscription(const leaf_spine_params& p) {
    return double(p.gpus_per_leaf) / (double(p.spines) * p.uplinks_per_spine);
}

topology make_fat_tree(unsigned k, unsigned planes) {
    if (k < 2 || k % 2 != 0 || k > max_fat_tree_k)
        throw config_error(
            fmt::format("fabric.k = {}; allowed: an even number 2 .. {}", k, max_fat_tree_k));
    check_planes(planes, "fabric.planes");
    const unsigned h = k / 2;
    const unsigned gpus = k * k * k / 4;
    topology t;
    t.kind = "fat_tree";
    t.planes = planes;
    t.tiers = {"edge", "aggregation", "core"};
    t.levels = {"edge", "aggregation", "core"};
    t.add_gpus(gpus);
    for (unsigned pl = 0; pl < planes; ++pl) {
        // Edge switch (pod i, j) is node edge0 + i*h + j; likewise aggregation.
        const unsigned edge0 = unsigned(t.nodes.size());
        for (unsigned i = 0; i < k; ++i)
            for (unsigned j = 0; j < h; ++j)
                add_switch(t, fmt::format("plane{}_pod{}_edge{}", pl, i, j), k, 1, pl);
        const unsigned agg0 = unsigned(t.nodes.size());
        for (unsigned i = 0; i < k; ++i)
            for (unsigned j = 0; j < h; ++j)
                add_switch(t, fmt::format("plane{}_pod{}_agg{}", pl, i, j), k, 2, pl);
        const unsigned core0 = unsigned(t.nodes.size());
        for (unsigned c = 0; c < h * h; ++c)
            add_switch(t, fmt::format("plane{}_core{}", pl, c), k, 3, pl);
        // GPU g sits on edge g / h (pod-major, edge-major), port g % h.
        for (unsigned g = 0; g < gpus; ++g)
            add_link(t, {g, pl}, {edge0 + g / h, g % h}, 0,
                     fmt::format("gpu{}_plane{}_link", g, pl));
        // Edge j's up port h + m goes to aggregation m's down port j.
        for (unsigned i = 0; i < k; ++i)
            for (unsigned j = 0; j < h; ++j)
                for (unsigned m = 0; m < h; ++m)
                    add_link(t, {edge0 + i * h + j, h + m}, {agg0 + i * h + m, j}, 1,
                             fmt::format("plane{}_pod{}_edge{}_agg{}_link", pl, i, j, m));
        // Aggregation j's up port h + m goes to core j*h + m, whose port i is
        // pod i: so core c meets aggregation c / h of every pod (Al-Fares).
        for (unsigned i = 0; i < k; ++i)
            for (unsigned j = 0; j < h; ++j)
                for (unsigned m = 0; m < h; ++m)
                    add_link(t, {agg0 + i * h + j, h + m}, {core0 + j * h + m, i}, 2,
                             fmt::format("plane{}_pod{}_agg{}_core{}_link", pl, i, j, j * h + m));
    }
    return t;
}

} // namespace lumen::fabric
