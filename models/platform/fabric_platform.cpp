// SPDX-License-Identifier: Apache-2.0
#include "models/platform/fabric_platform.h"

#include "models/fabric/routing.h"
#include "models/fabric/topology_generators.h"
#include "models/platform/collective_sizes.h"
#include "models/platform/data_config.h"
#include "models/platform/fabric_config.h"
#include "models/platform/fabric_run.h"
#include "models/platform/llm_config.h"
#include "models/platform/model_config.h"
#include "models/platform/recovery_config.h"
#include "models/platform/switch_config.h"
#include "models/platform/workload_config.h"
#include "models/tco/tco.h"

#include <fmt/format.h>

#include <map>

namespace lumen {

namespace {

const workload_keys fabric_keys{"fabric.gpus", "fabric.interleave_bytes"};

// The GPUs under each first-level switch of plane 0, for a hierarchical
// all-reduce: a leaf's (or an edge switch's) GPUs.
std::vector<std::vector<unsigned>> leaf_groups(const fabric::topology& t) {
    std::vector<std::vector<unsigned>> groups;
    std::vector<int> group_of(t.nodes.size(), -1);
    const fabric::topology_index index(t);
    for (unsigned g = 0; g < index.gpus(); ++g) {
        const fabric::link_end leaf = index.peer(index.gpu_node(g), 0);
        if (group_of[leaf.node] < 0) {
            group_of[leaf.node] = int(groups.size());
            groups.emplace_back();
        }
        groups[size_t(group_of[leaf.node])].push_back(g);
    }
    return groups;
}

collective_setup fabric_setup(const config& c, const fabric::topology& t, uint64_t seed) {
    collective_setup s = collective_setup_from(c, t.gpus(), seed);
    if (c.choice("workload.algorithm") == "hierarchical") {
        s.algorithm = allreduce_algorithm::HIERARCHICAL;
        s.groups = leaf_groups(t);
    }
    if (s.kind == workload_kind::LLM_STEP) s.groups = leaf_groups(t); // where its GPUs sit
    return s;
}

// A link_down at time zero is routed around (the fabric manager knows it
// before traffic starts). A fault naming no link is refused by
// schedule_faults, as on every platform.
std::vector<bool> links_down_at_start(const config& c, const fabric::topology& t) {
    std::vector<bool> down(t.links.size(), false);
    for (const auto& f : faults_from(c)) {
        if (f.link.empty()) continue;
        size_t l = 0;
        while (l < t.links.size() && t.links[l].name != f.link) ++l;
        if (l == t.links.size()) continue;
        if (f.fault.at_ps == 0 && f.fault.kind == serdes::lane_fault::LINK_DOWN &&
            f.direction == "both")
            down[l] = true;
    }
    return down;
}

} // namespace

fabric_spec fabric_spec_from(const config& c, uint64_t seed) {
    fabric_spec spec;
    spec.topology = topology_from(c);
    fabric::validate(spec.topology, "fabric.topology");
    spec.tier_links = tier_link_params(c, spec.topology);
    spec.level_switches = level_switch_params(c, spec.topology);
    spec.memory = memory_params_from(c);
    spec.interleave.planes = spec.topology.planes;
    spec.interleave.interleave_bytes = uint64_t(c.integer("fabric.interleave_bytes"));
    spec.routing = c.choice("fabric.routing") == "spray" ? route_choice::SPRAY : route_choice::ECMP;
    spec.links_down = links_down_at_start(c, spec.topology);
    spec.seed = seed;
    spec.host_config = host_params_from(c);
    spec.bus = control_bus_params_from(c);
    spec.recovery = recovery_params_from(c, spec);
    return spec;
}

double gpu_capacity_GBps(const fabric_spec& spec) {
    const fabric::topology& t = spec.topology;
    double capacity = 0;
    for (unsigned p = 0; p < t.planes; ++p)
        capacity +=
            spec.tier_links[t.links[t.link_at(t.gpu_node(0), p)].tier].payload_capacity_GBps();
    return capacity;
}

namespace {

void check_fabric(const config& c) {
    check_link_and_traffic(c, false);
    fabric_spec spec = fabric_spec_from(c, 1);
    // Each tier trains with its own link parameters (tiers.<tier>.link).
    std::map<std::string, unsigned> tier_of;
    for (const fabric::link& l : spec.topology.links) tier_of[l.name] = l.tier;
    check_posted_lane_deaths(c, spec.tier_links, [&tier_of](const std::string& name) {
        const auto it = tier_of.find(name);
        return it == tier_of.end() ? ~0u : it->second; // fabric_spec_from named it already
    });
    fabric::routing routes(spec.topology, spec.links_down, "fabric.topology");
    check_workload(c, spec.topology.gpus(), fabric_keys);
    const collective_setup setup = fabric_setup(c, spec.topology, 1);
    check_llm_placement(setup);
    data_mode_from(c, spec.topology.gpus(), fabric_keys);
    if (setup.algorithm == allreduce_algorithm::HIERARCHICAL) {
        if (setup.kind != workload_kind::ALLREDUCE)
            throw config_error(fmt::format("workload.algorithm = hierarchical is for "
                                           "workload.kind = allreduce, not {}; allowed: ring",
                                           c.choice("workload.kind")));
        const std::string why = hierarchical_unsupported(setup);
        if (!why.empty())
            throw config_error(fmt::format("workload.algorithm = hierarchical: {}; allowed: "
                                           "ring, or a buffer and topology that fit",
                                           why));
    }
}

// Each tier's technology is its own preset, else the run's (--preset), else
// the embedded default; its utilization is the run's.
nlohmann::json interconnect_tco(const config& c, const std::string& preset,
                                const fabric::topology& t, const nlohmann::json& section) {
    const nlohmann::json& tiers = c.raw("tiers");
    std::vector<tco::tier_use> use;
    for (size_t i = 0; i < t.tiers.size(); ++i) {
        tco::tier_use u;
        u.tier = t.tiers[i];
        u.technology = tiers.contains(u.tier) && tiers[u.tier].contains("preset")
                           ? tiers[u.tier]["preset"].get<std::string>()
                       : preset.empty() ? "microled-default"
                                        : preset;
        u.utilization = section.at("tiers")[i].at("utilization").get<double>();
        use.push_back(u);
    }
    const tco::tco_params p = tco::tco_params_from(c);
    return tco::tco_json(tco::evaluate(tco::counts_of(t), use, p), p);
}

} // namespace

platform_description fabric_description() {
    platform_description d;
    d.name = "fabric";
    d.summary = "LumenLink fabric: GPU clusters of many switches (leaf-spine, fat tree, or a "
                "topology file), each tier of links its own technology, running synthetic "
                "traffic, collectives on real buffers, or an LLM training step.";
    d.declare = [](config_schema& s) {
        declare_cluster_keys(s);
        declare_fabric_keys(s);
        tco::declare_tco_keys(s);
        s.set_default("workload.collective_bytes", 4 << 20);
    };
    d.validate = check_fabric;
    d.validate_sizes = [](const config& c, const std::vector<uint64_t>& sizes) {
        check_sizes(fabric_setup(c, topology_from(c), 1), sizes, memory_params_from(c).size_bytes);
        data_mode_from(c, topology_from(c).gpus(), fabric_keys, sizes);
    };
    d.run = [](const config& c, const run_options& o, run_results& r) {
        fabric_spec spec = fabric_spec_from(c, o.seed);
        spec.memory.data = data_mode_from(c, spec.topology.gpus(), fabric_keys, o.sizes);
        const double capacity = gpu_capacity_GBps(spec);
        collective_setup setup = fabric_setup(c, spec.topology, o.seed);
        setup.data = spec.memory.data;
        platform_workload workload(c, setup, spec.interleave, spec.memory.size_bytes, capacity,
                                   o.seed, o.sizes);
        fabric_builder top("fabric", std::move(spec),
                           [&workload](unsigned g, gpu& gpu) { workload.make_engine(g, gpu); });
        schedule_faults(c, top);
        if (o.trace) {
            top.trace(*o.trace);
            o.trace->require_match();
        }
        const progress_style progress = o.progress_log ? progress_style::LOG
                                        : o.progress   ? progress_style::TERMINAL
                                                       : progress_style::NONE;
        const run_span span = simulate_fabric(
            top, sc_core::sc_time(c.real("sim.max_time_us"), sc_core::SC_US), progress, r);
        workload.report(top, span, r);
        r.fabric = fabric_section(top, r);
        r.tco = interconnect_tco(c, o.preset, top.spec().topology, r.fabric);
        if (c.choice("fabric.topology") == "leaf_spine")
            r.fabric["oversubscription"] =
                double(c.integer("fabric.gpus_per_leaf")) /
                double(c.integer("fabric.spines") * c.integer("fabric.uplinks_per_spine"));
    };
    return d;
}

} // namespace lumen
