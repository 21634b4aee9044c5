// SPDX-License-Identifier: Apache-2.0
#include "models/platform/fabric_config.h"

#include "models/core/config_parse.h"

#include "models/fabric/topology_file.h"
#include "models/fabric/topology_generators.h"
#include "models/platform/model_config.h"
#include "models/platform/presets.h"
#include "models/platform/switch_config.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

using nlohmann::json;

void declare_fabric_keys(config_schema& s) {
    s.add_choice("fabric.topology", "leaf_spine", {"leaf_spine", "fat_tree", "edges"},
                 "leaf_spine: a two-tier folded Clos; fat_tree: the three-tier k-ary fat tree "
                 "(Al-Fares et al. 2008); edges: the topology of fabric.file");
    const fabric::leaf_spine_params ls;
    s.add_integer("fabric.gpus", ls.gpus, 2, 65536, "GPUs", "GPUs of a leaf_spine");
    s.add_integer("fabric.gpus_per_leaf", ls.gpus_per_leaf, 1, 4096, "GPUs",
                  "GPUs under each leaf switch of a leaf_spine");
    s.add_integer("fabric.spines", ls.spines, 1, 4096, "switches",
                  "spine switches of a leaf_spine");
    s.add_integer("fabric.uplinks_per_spine", ls.uplinks_per_spine, 1, 4096, "links",
                  "links from each leaf to each spine; the oversubscription follows");
    s.add_integer("fabric.k", 4, 2, 64, "ports",
                  "fat_tree radix: k pods, 5k^2/4 switches of k ports, k^3/4 GPUs");
    s.add_string("fabric.file", "",
                 "fabric.topology = edges: JSON file of switches, GPUs and links with tiers "
                 "(format in docs/fabric.md)");
    s.add_integer("fabric.planes", 1, 1, 64, "planes",
                  "parallel copies of the network; every GPU has one link to each plane");
    s.add_integer("fabric.interleave_bytes", 4096, 64, 1LL << 30, "B",
                  "addresses are dealt to the planes round robin in blocks of this size");
    s.add_choice("fabric.routing", "ecmp", {"ecmp", "spray"},
                 "among equal-cost ports: ecmp, per flow (a hash of source and destination "
                 "GPU); spray, per packet round robin");
    s.add_object("tiers",
                 "per link tier (gpu_leaf, leaf_spine; edge, aggregation, core; or the file's): "
                 "{\"preset\": name, \"length_m\": m, \"link\": {link keys}}; a tier without a "
                 "preset starts from link.* and --preset; without length_m a tier is "
                 "link.length_m long");
    s.add_object("levels", "per switch level (leaf, spine; edge, aggregation, core; or the "
                           "file's): {\"switch\": {switch keys}} over switch.*");
    s.add_choice("workload.algorithm", "ring", {"ring", "hierarchical"},
                 "all-reduce: one ring over every GPU, or reduce-scatter inside each leaf, "
                 "all-reduce across leaves, all-gather inside");
}

fabric::topology topology_from(const config& c) {
    const std::string kind = c.choice("fabric.topology");
    const unsigned planes = unsigned(c.integer("fabric.planes"));
    if (kind == "fat_tree") return fabric::make_fat_tree(unsigned(c.integer("fabric.k")), planes);
    if (kind == "edges") {
        const std::string file = c.string("fabric.file");
        if (file.empty())
            throw config_error("fabric.file is empty; allowed: a topology file (JSON) when "
                               "fabric.topology = edges");
        return fabric::read_topology_file(file, planes);
    }
    fabric::leaf_spine_params p;
    p.gpus = unsigned(c.integer("fabric.gpus"));
    p.gpus_per_leaf = unsigned(c.integer("fabric.gpus_per_leaf"));
    p.spines = unsigned(c.integer("fabric.spines"));
    p.uplinks_per_spine = unsigned(c.integer("fabric.uplinks_per_spine"));
    p.planes = planes;
    p.switch_radix = unsigned(c.integer("switch.ports"));
    return fabric::make_leaf_spine(p);
}

namespace {

std::string names_of(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : " | ") + n;
    return s;
}

// The entries of an OBJECT key must name known tiers or levels, with known fields.
void check_entries(const json& object, const std::string& key,
                   const std::vector<std::string>& known, const std::vector<std::string>& fields,
                   const std::string& kind) {
    for (const auto& [name, entry] : object.items()) {
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw config_error(fmt::format("{}.{}: the topology has no such {}; allowed: {}", key,
                                           name, kind, names_of(known)));
        for (const auto& [field, value] : entry.items())
            if (std::find(fields.begin(), fields.end(), field) == fields.end())
                throw config_error(fmt::format("{}.{}.{}: unknown field; allowed: {}", key, name,
                                               field, names_of(fields)));
    }
}

// A tier's (level's) own config names its keys link.* (switch.*), where the
// user set them as tiers.<tier>.link.* (levels.<level>.switch.*): an error
// from it is reworded to name the key the user wrote, whole, so that it can
// be found and fixed; "<entry>: link.lanes = 0" becomes
// "tiers.leaf_spine.link.lanes = 0".
// `moved` is a field the entry holds outside its section (a tier's
// length_m), named so.
config_error user_keys(const config_error& e, const std::string& entry, const std::string& section,
                       const std::string& moved = "") {
    const std::string from = section + ".";
    std::string what = e.what(), out;
    for (size_t i = 0; i < what.size();) {
        const bool starts = i == 0 || std::string(" '\"(").find(what[i - 1]) != std::string::npos;
        if (starts && what.compare(i, from.size(), from) == 0) {
            out += entry + "." + from;
            i += from.size();
        } else {
            out += what[i++];
        }
    }
    const std::string lead = entry + ": " + entry + ".";
    if (out.rfind(lead, 0) == 0) out.erase(0, entry.size() + 2);
    const std::string inner = entry + "." + from + moved;
    if (!moved.empty())
        for (size_t at = out.find(inner); at != std::string::npos; at = out.find(inner, at))
            out.replace(at, inner.size(), entry + "." + moved);
    return config_error(out);
}

} // namespace

std::vector<serdes::link_params> tier_link_params(const config& c, const fabric::topology& t) {
    const json& tiers = c.raw("tiers");
    check_entries(tiers, "tiers", t.tiers, {"preset", "length_m", "link"}, "tier");
    json global = c.resolved()["link"];
    global.erase("preset"); // a name, not a link value: link.* already hold its values
    std::vector<serdes::link_params> out;
    for (const auto& tier : t.tiers) {
        const std::string key = "tiers." + tier;
        const json entry = tiers.contains(tier) ? tiers[tier] : json::object();
        config_schema schema;
        declare_link_keys(schema);
        declare_fault_keys(schema); // check_link reads them; the tier's are the run's
        // A tier of its own technology starts from its preset's values; else
        // from the global link.* (which carry --preset). Either way its
        // geometry is the run's: tiers.<tier>.length_m, else link.length_m,
        // never the technology's.
        json link = global;
        std::string technology = "link.*";
        if (entry.contains("preset")) {
            if (!entry["preset"].is_string())
                throw config_error(fmt::format("{}.preset = {} is not a name; allowed: {}", key,
                                               shown_value(entry["preset"]),
                                               names_of(link_preset_names())));
            technology = entry["preset"].get<std::string>();
            try {
                apply_link_preset(schema, technology);
            } catch (const config_error&) {
                throw config_error(fmt::format("{}.preset = {}: no such preset; allowed: {}", key,
                                               technology, names_of(link_preset_names())));
            }
            link = json{{"length_m", global["length_m"]}};
        }
        if (entry.contains("link")) {
            if (!entry["link"].is_object())
                throw config_error(fmt::format("{}.link is not an object of link keys", key));
            for (const auto& [k, v] : entry["link"].items()) link[k] = v;
        }
        if (entry.contains("length_m")) link["length_m"] = entry["length_m"];
        const config tier_config = [&] {
            try {
                return config::load_text(schema, json{{"link", link}}.dump(), key, {});
            } catch (const config_error& e) {
                throw user_keys(e, key, "link", entry.contains("length_m") ? "length_m" : "");
            }
        }();
        serdes::link_params p = link_params_from(tier_config);
        if (p.length_m > p.reach_m)
            throw config_error(fmt::format(
                "{}.length_m = {} exceeds the reach of its technology ({}): {} m; allowed: <= "
                "{}, or a technology that reaches",
                key, p.length_m, technology, p.reach_m, p.reach_m));
        try {
            check_link(tier_config);
        } catch (const config_error& e) {
            throw user_keys(config_error(fmt::format("{}: {}", key, e.what())), key, "link");
        }
        out.push_back(p);
    }
    return out;
}

std::vector<switch_params> level_switch_params(const config& c, const fabric::topology& t) {
    const json& levels = c.raw("levels");
    check_entries(levels, "levels", t.levels, {"switch"}, "switch level");
    const json global = c.resolved()["switch"];
    std::vector<switch_params> out;
    for (const auto& level : t.levels) {
        json sw = global;
        if (levels.contains(level) && levels[level].contains("switch")) {
            if (!levels[level]["switch"].is_object())
                throw config_error(
                    fmt::format("levels.{}.switch is not an object of switch keys", level));
            for (const auto& [k, v] : levels[level]["switch"].items()) sw[k] = v;
        }
        config_schema schema;
        declare_switch_keys(schema);
        const std::string key = "levels." + level;
        try {
            out.push_back(switch_params_from(
                config::load_text(schema, json{{"switch", sw}}.dump(), key, {})));
        } catch (const config_error& e) {
            throw user_keys(e, key, "switch");
        }
    }
    return out;
}

} // namespace lumen
