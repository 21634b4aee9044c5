// SPDX-License-Identifier: Apache-2.0
// The edges file: one plane described by name, copied per plane. Every
// check that can name a JSON entry happens here, so a user reads
// "links[3].b" rather than a node index; validate() then holds the result
// to the same rules as the generators'.
#include "models/fabric/topology_file.h"

#include "models/core/config.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace lumen::fabric {

namespace {

using json = nlohmann::json;

constexpr size_t max_file_bytes = size_t(64) << 20;
// The format nests three deep (root, list, entry); a bound far above that
// keeps a hostile file from building a deep tree that is freed recursively.
constexpr int max_depth = 16;
constexpr unsigned max_gpus = 1u << 20;
constexpr unsigned max_radix = 65536; // ports are uint16_t in the routing tables

struct file_parser {
    file_parser(const std::string& source_, unsigned planes_)
        : source(source_)
        , planes(planes_) {}

    const std::string& source;
    unsigned planes;
    unsigned gpus = 0;
    std::vector<node> switches; // the file's plane, plane 0
    std::unordered_map<std::string, unsigned> switch_index;
    std::vector<std::string> tiers;
    std::unordered_map<std::string, unsigned> tier_index;
    bool tiers_given = false;
    std::vector<std::string> levels;
    std::vector<unsigned> used_ports; // per file node: GPUs then switches
    struct file_link {
        link_end a, b; // node: GPU g is g, switch s is gpus + s
        unsigned tier;
        std::string name;
    };
    std::vector<file_link> links;

    [[noreturn]] void fail(const std::string& what) const {
        throw config_error(fmt::format("fabric.file {}: {}", source, what));
    }

    const json& field(const json& object, const std::string& entry, const char* name,
                      const char* allowed) const {
        auto it = object.find(name);
        if (it == object.end())
            fail(fmt::format("{} has no \"{}\"; allowed: {}", entry, name, allowed));
        return *it;
    }

    void only_keys(const json& object, const std::string& entry,
                   std::initializer_list<const char*> keys) const {
        for (const auto& [k, v] : object.items()) {
            bool known = false;
            for (const char* key : keys) known = known || k == key;
            if (!known) {
                std::string list;
                for (const char* key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
                fail(fmt::format("{}: unknown key \"{}\"; allowed: {}", entry, k, list));
            }
        }
    }

    unsigned integer(const json& v, const std::string& entry, unsigned lo, unsigned hi) const {
        if (!v.is_number_integer() || v.get<int64_t>() < int64_t(lo) ||
            v.get<int64_t>() > int64_t(hi))
            fail(fmt::format("{} = {}; allowed: an integer {} .. {}", entry, v.dump(), lo, hi));
        return v.get<unsigned>();
    }

    std::string text(const json& v, const std::string& entry) const {
        if (!v.is_string() || v.get<std::string>().empty())
            fail(fmt::format("{} = {}; allowed: a non-empty string", entry, v.dump()));
        return v.get<std::string>();
    }

    const json& list(const json& v, const std::string& entry) const {
        if (!v.is_array()) fail(fmt::format("{} = {}; allowed: a list", entry, v.dump()));
        return v;
    }

    std::vector<std::string> names(const json& v, const std::string& entry) const {
        std::vector<std::string> out;
        std::unordered_map<std::string, size_t> first; // a hash, not a scan: a file may be 64 MiB
        for (size_t i = 0; i < list(v, entry).size(); ++i) {
            std::string e = fmt::format("{}[{}]", entry, i);
            out.push_back(text(v[i], e));
            auto [it, fresh] = first.emplace(out[i], i);
            if (!fresh)
                fail(fmt::format("{} = \"{}\" repeats {}[{}]; allowed: unique names", e, out[i],
                                 entry, it->second));
        }
        return out;
    }

    // GPU g is "gpu<g>" exactly (no sign, no leading zero), so "gpu01" is no GPU.
    static bool gpu_name(const std::string& s, unsigned& g) {
        if (s.size() < 4 || s.size() > 10 || s.compare(0, 3, "gpu") != 0) return false;
        if (s[3] == '0' && s.size() > 4) return false;
        uint64_t v = 0;
        for (size_t i = 3; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + unsigned(s[i] - '0');
        }
        g = unsigned(std::min<uint64_t>(v, max_gpus));
        return true;
    }

    void parse_switches(const json& v) {
        const json& l = list(v, "switches");
        for (size_t i = 0; i < l.size(); ++i) {
            std::string e = fmt::format("switches[{}]", i);
            const char* allowed = "{\"name\": ..., \"level\": 1 .., \"radix\": ...}";
            if (!l[i].is_object())
                fail(fmt::format("{} = {}; allowed: {}", e, l[i].dump(), allowed));
            only_keys(l[i], e, {"name", "level", "radix"});
            node n;
            n.name = text(field(l[i], e, "name", allowed), e + ".name");
            unsigned g;
            if (gpu_name(n.name, g))
                fail(fmt::format("{}.name = \"{}\" is a GPU's name; allowed: a name not gpu<N>", e,
                                 n.name));
            if (levels.empty())
                fail(fmt::format("{}: \"levels\" is empty; allowed: a switch level named in "
                                 "\"levels\"",
                                 e));
            n.level =
                integer(field(l[i], e, "level", allowed), e + ".level", 1, unsigned(levels.size()));
            n.radix = integer(field(l[i], e, "radix", allowed), e + ".radix", 1, max_radix);
            if (!switch_index.emplace(n.name, unsigned(switches.size())).second)
                fail(fmt::format("{}.name = \"{}\" names a switch twice; allowed: unique names", e,
                                 n.name));
            switches.push_back(n);
        }
    }

    // A link end by name; takes the node's next port.
    link_end end(const json& object, const std::string& entry, const char* side) {
        const char* allowed = "{\"a\": node, \"b\": node, \"tier\": name}";
        std::string e = fmt::format("{}.{}", entry, side);
        std::string name = text(field(object, entry, side, allowed), e);
        unsigned n, radix;
        if (gpu_name(name, n) && n < gpus) {
            radix = 1; // one link per GPU: the plane copies give it a port each
        } else {
            auto it = switch_index.find(name);
            if (it == switch_index.end())
                fail(fmt::format("{} = \"{}\" names no node; allowed: gpu0..gpu{} or a switch of "
                                 "\"switches\"",
                                 e, name, gpus - 1));
            n = gpus + it->second;
            radix = switches[it->second].radix;
        }
        if (used_ports[n] >= radix)
            fail(fmt::format("{} = \"{}\" takes port {}, beyond its radix {}; allowed: at most {} "
                             "link{} on \"{}\"{}",
                             e, name, used_ports[n], radix, radix, radix == 1 ? "" : "s", name,
                             n < gpus ? " (a GPU has one link per plane)" : ""));
        return {n, used_ports[n]++};
    }

    unsigned level_of(unsigned n) const { return n < gpus ? 0 : switches[n - gpus].level; }

    void parse_links(const json& v) {
        const json& l = list(v, "links");
        used_ports.assign(gpus + switches.size(), 0);
        for (size_t i = 0; i < l.size(); ++i) {
            std::string e = fmt::format("links[{}]", i);
            if (!l[i].is_object())
                fail(fmt::format("{} = {}; allowed: {{\"a\": node, \"b\": node, \"tier\": name}}",
                                 e, l[i].dump()));
            only_keys(l[i], e, {"a", "b", "tier", "name"});
            file_link fl;
            fl.a = end(l[i], e, "a");
            fl.b = end(l[i], e, "b");
            if (fl.a.node == fl.b.node)
                fail(fmt::format("{}: a and b both name \"{}\"; allowed: two nodes", e,
                                 l[i]["a"].get<std::string>()));
            std::string tier = text(field(l[i], e, "tier", "a tier name"), e + ".tier");
            auto t = tier_index.find(tier);
            if (t == tier_index.end() && tiers_given) {
                std::string allowed;
                for (const auto& s : tiers) allowed += (allowed.empty() ? "" : " | ") + s;
                fail(fmt::format("{}.tier = \"{}\" is no tier; allowed: {}", e, tier, allowed));
            }
            if (t == tier_index.end()) {
                t = tier_index.emplace(tier, unsigned(tiers.size())).first;
                tiers.push_back(tier);
            }
            fl.tier = t->second;
            fl.name = l[i].contains("name")
                          ? text(l[i]["name"], e + ".name")
                          : fmt::format("{}_{}_link{}", l[i]["a"].get<std::string>(),
                                        l[i]["b"].get<std::string>(), i);
            // `a` is the lower end (topology.h); the file may name them either way.
            if (level_of(fl.a.node) > level_of(fl.b.node)) std::swap(fl.a, fl.b);
            links.push_back(fl);
        }
    }

    topology build() const {
        topology t;
        t.kind = "edges";
        t.planes = planes;
        t.tiers = tiers;
        t.levels = levels;
        const auto prefix = [&](unsigned p) {
            return planes > 1 ? fmt::format("plane{}_", p) : std::string();
        };
        t.add_gpus(gpus);
        for (unsigned p = 0; p < planes; ++p)
            for (node n : switches) {
                n.name = prefix(p) + n.name;
                n.plane = p;
                t.nodes.push_back(n);
            }
        const unsigned count = unsigned(switches.size());
        const auto map = [&](link_end e, unsigned p) {
            return e.node < gpus ? link_end{e.node, p} : link_end{e.node + p * count, e.port};
        };
        for (unsigned p = 0; p < planes; ++p)
            for (const auto& fl : links)
                t.links.push_back({map(fl.a, p), map(fl.b, p), fl.tier, prefix(p) + fl.name});
        return t;
    }
};

std::pair<size_t, size_t> line_column(const std::string& text, size_t offset) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        column = text[i] == '\n' ? 1 : column + 1;
        line += text[i] == '\n';
    }
    return {line, column};
}

json parse_json(const std::string& text, const std::string& source) {
    if (text.size() > max_file_bytes)
        throw config_error(
            fmt::format("fabric.file {}: {} bytes; allowed: at most 64 MiB", source, text.size()));
    const json::parser_callback_t depth_limit = [&](int depth, json::parse_event_t, json&) {
        if (depth > max_depth)
            throw config_error(fmt::format("fabric.file {}: nested {} deep; allowed: at most {}",
                                           source, depth, max_depth));
        return true;
    };
    try {
        return json::parse(text, depth_limit, true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        auto [line, column] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
        std::string what = e.what();
        // Drop nlohmann's "[json.exception...] parse error at line L, column C: " prefix.
        auto colon = what.find(": ", what.find("column"));
        if (colon != std::string::npos) what = what.substr(colon + 2);
        throw config_error(
            fmt::format("fabric.file {}:{}:{}: malformed JSON: {}", source, line, column, what));
    }
}

} // namespace

topology parse_topology(const std::string& text, const std::string& source, unsigned planes) {
    if (planes < 1) throw config_error("fabric.planes = 0; allowed: at least 1");
    json doc = parse_json(text, source);
    file_parser p{source, planes};
    if (!doc.is_object()) p.fail("the file must be a JSON object");
    p.only_keys(doc, "the file", {"gpus", "tiers", "levels", "switches", "links"});
    const char* top = "\"gpus\", \"levels\", \"switches\", \"links\" (and optional \"tiers\")";
    p.gpus = p.integer(p.field(doc, "the file", "gpus", top), "gpus", 2, max_gpus);
    if (doc.contains("tiers")) {
        p.tiers = p.names(doc["tiers"], "tiers");
        for (unsigned i = 0; i < p.tiers.size(); ++i) p.tier_index.emplace(p.tiers[i], i);
        p.tiers_given = true;
    }
    p.levels = p.names(p.field(doc, "the file", "levels", top), "levels");
    p.parse_switches(p.field(doc, "the file", "switches", top));
    p.parse_links(p.field(doc, "the file", "links", top));
    topology t = p.build();
    validate(t, "fabric.file " + source);
    return t;
}

topology read_topology_file(const std::string& path, unsigned planes) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw config_error(fmt::format("fabric.file {} cannot be read", path));
    // Check the size before reading, so a huge file is never loaded.
    auto size = in.tellg();
    if (size < 0 || size_t(size) > max_file_bytes)
        throw config_error(fmt::format("fabric.file {}: {} bytes; allowed: at most 64 MiB", path,
                                       static_cast<long long>(size)));
    in.seekg(0);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parse_topology(buffer.str(), path, planes);
}

} // namespace lumen::fabric
