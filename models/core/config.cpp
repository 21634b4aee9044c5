// SPDX-License-Identifier: Apache-2.0
#include "models/core/config.h"

#include "models/core/config_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lumen {

using nlohmann::json;

namespace {

std::string format_number(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return fmt::format("{}", v);
}

std::string kind_name(value_kind kind) {
    switch (kind) {
    case value_kind::INTEGER:
        return "an integer";
    case value_kind::REAL:
        return "a number";
    case value_kind::BOOLEAN:
        return "true or false";
    case value_kind::CHOICE:
        return "one of the names";
    case value_kind::INTEGER_LIST:
        return "a list of integers";
    case value_kind::REAL_LIST:
        return "a list of numbers";
    case value_kind::COUNT_OR_LIST:
        return "a count or a list of integers";
    case value_kind::EVENTS:
        return "a list of event objects";
    case value_kind::STRING:
        return "a string";
    case value_kind::OBJECT:
        return "an object";
    }
    return "";
}

} // namespace

std::string key_spec::allowed() const {
    switch (kind) {
    case value_kind::BOOLEAN:
        return "true | false";
    case value_kind::CHOICE: {
        std::string s;
        for (const auto& c : choices) s += (s.empty() ? "" : " | ") + c;
        return s;
    }
    case value_kind::INTEGER:
    case value_kind::INTEGER_LIST: {
        std::string range = format_number(min) + " .. " + format_number(max);
        return kind == value_kind::INTEGER ? range : "[" + range + ", ...]";
    }
    case value_kind::REAL:
        return fmt::format("{}{}, {}]", min_exclusive ? "(" : "[", format_number(min),
                           format_number(max));
    case value_kind::REAL_LIST:
        return fmt::format("[each in [{}, {}], ...]", format_number(min), format_number(max));
    case value_kind::COUNT_OR_LIST:
        return fmt::format("a count 0 .. {}, or a list [i, ...] with each i in 0 .. {}",
                           format_number(max), format_number(max - 1));
    case value_kind::EVENTS:
        return "a list of objects (see the help text)";
    case value_kind::STRING:
        return "any text";
    case value_kind::OBJECT:
        return "an object of named entries (see the help text)";
    }
    return "";
}

key_spec& config_schema::add(key_spec spec) {
    auto it = std::find_if(m_keys.begin(), m_keys.end(),
                           [&](const key_spec& k) { return k.path == spec.path; });
    if (it != m_keys.end()) throw std::logic_error("config key declared twice: " + spec.path);
    m_keys.push_back(std::move(spec));
    return m_keys.back();
}

void config_schema::add_integer(const std::string& path, int64_t def, int64_t min, int64_t max,
                                const std::string& unit, const std::string& help) {
    add({path, value_kind::INTEGER, def, unit, double(min), double(max), false, {}, help});
}

void config_schema::add_real(const std::string& path, double def, double min, double max,
                             const std::string& unit, const std::string& help, bool min_exclusive) {
    add({path, value_kind::REAL, def, unit, min, max, min_exclusive, {}, help});
}

void config_schema::add_boolean(const std::string& path, bool def, const std::string& help) {
    add({path, value_kind::BOOLEAN, def, "", 0, 1, false, {}, help});
}

void config_schema::add_choice(const std::string& path, const std::string& def,
                               const std::vector<std::string>& choices, const std::string& help) {
    add({path, value_kind::CHOICE, def, "", 0, 0, false, choices, help});
}

void config_schema::add_integer_list(const std::string& path, int64_t min, int64_t max,
                                     const std::string& unit, const std::string& help) {
    add({path,
         value_kind::INTEGER_LIST,
         json::array(),
         unit,
         double(min),
         double(max),
         false,
         {},
         help});
}

void config_schema::add_real_list(const std::string& path, double min, double max,
                                  const std::string& unit, const std::string& help) {
    add({path, value_kind::REAL_LIST, json::array(), unit, min, max, false, {}, help});
}

void config_schema::add_count_or_list(const std::string& path, int64_t max, const std::string& unit,
                                      const std::string& help) {
    add({path, value_kind::COUNT_OR_LIST, 0, unit, 0, double(max), false, {}, help});
}

void config_schema::add_events(const std::string& path, const std::string& help) {
    add({path, value_kind::EVENTS, json::array(), "", 0, 0, false, {}, help});
}

void config_schema::add_string(const std::string& path, const std::string& def,
                               const std::string& help) {
    add({path, value_kind::STRING, def, "", 0, 0, false, {}, help});
}

void config_schema::add_object(const std::string& path, const std::string& help) {
    add({path, value_kind::OBJECT, json::object(), "", 0, 0, false, {}, help});
}

void config_schema::set_default(const std::string& path, const json& value) {
    auto it = std::find_if(m_keys.begin(), m_keys.end(),
                           [&](const key_spec& k) { return k.path == path; });
    if (it == m_keys.end()) throw std::logic_error("default for an undeclared key: " + path);
    it->default_value = value;
}

const key_spec* config_schema::find(const std::string& path) const {
    for (const auto& k : m_keys)
        if (k.path == path) return &k;
    return nullptr;
}

std::string config_schema::help_text() const {
    // One block per section, in the order sections first appear: keys that
    // several parts declare (workload.* of traffic and of collectives) meet.
    auto top = [](const key_spec& k) { return k.path.substr(0, k.path.find('.')); };
    std::vector<std::string> sections;
    for (const auto& k : m_keys)
        if (std::find(sections.begin(), sections.end(), top(k)) == sections.end())
            sections.push_back(top(k));
    std::string out;
    for (const auto& section : sections) {
        out += fmt::format("\n  [{}]\n", section);
        for (const auto& k : m_keys) {
            if (top(k) != section) continue;
            std::string def = k.default_value.dump();
            out += fmt::format("  {:<32} {:<10} default {:<12} allowed {}\n", k.path,
                               k.unit.empty() ? "-" : k.unit, def, k.allowed());
            out += fmt::format("      {}\n", k.help);
        }
    }
    return out;
}

config config::load(const config_schema& schema, const std::string& file,
                    const std::vector<std::string>& sets) {
    if (file.empty()) return load_text(schema, "{}", "embedded default", sets);
    // An ifstream opens a directory on Linux and reads nothing from it, which
    // would be reported as malformed JSON at 1:1.
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw config_error(
            fmt::format("config file '{}' is a directory; allowed: a JSON file", shown_text(file)));
    std::ifstream in(file);
    if (!in) throw config_error(fmt::format("config file '{}' cannot be read", file));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return load_text(schema, buffer.str(), file, sets);
}

config config::load_text(const config_schema& schema, const std::string& text,
                         const std::string& source, const std::vector<std::string>& sets) {
    config c;
    c.m_schema = schema;
    for (const auto& k : schema.keys()) c.set(k, k.default_value, "default");

    json doc = parse_config_json(text, source, "", schema);
    if (!doc.is_object())
        throw config_error(fmt::format("{}: the config must be a JSON object", source));
    c.apply(doc, "", source);

    for (const auto& s : sets) {
        if (!valid_utf8(s))
            throw config_error("--set: an override that is not valid UTF-8 text; allowed: "
                               "key.path=value in UTF-8");
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw config_error(fmt::format("--set '{}': expected key.path=value", shown_text(s)));
        std::string path = s.substr(0, eq), raw = s.substr(eq + 1);
        const key_spec* spec = c.m_schema.find(path);
        if (!spec && c.set_inside_object(path, raw)) continue;
        if (!spec) throw config_error(fmt::format("--set: unknown config key '{}'", path));
        json value;
        if (spec->kind == value_kind::CHOICE || spec->kind == value_kind::STRING) {
            value = raw;
        } else {
            try {
                value = parse_config_json(raw, "--set", path, c.m_schema);
            } catch (const json::parse_error&) {
                throw config_error(fmt::format("--set {}: '{}' is not {}; allowed: {}", path,
                                               shown_text(raw), kind_name(spec->kind),
                                               spec->allowed()));
            }
        }
        c.set(*spec, value, "--set");
    }
    return c;
}

bool config::set_inside_object(const std::string& path, const std::string& raw) {
    for (const auto& k : m_schema.keys()) {
        if (k.kind != value_kind::OBJECT || path.rfind(k.path + ".", 0) != 0) continue;
        // A value that is not JSON is a name (a preset, a tier): a string.
        json value;
        try {
            value = parse_config_json(raw, "--set", path, m_schema);
        } catch (const json::parse_error&) {
            value = raw;
        }
        json* node = &m_values[k.path];
        std::string rest = path.substr(k.path.size() + 1);
        for (size_t dot; (dot = rest.find('.')) != std::string::npos; rest = rest.substr(dot + 1)) {
            node = &(*node)[rest.substr(0, dot)];
            if (!node->is_object() && !node->is_null())
                throw config_error(
                    fmt::format("--set {}: {} is not an object", path, rest.substr(0, dot)));
        }
        (*node)[rest] = value;
        return true;
    }
    return false;
}

void config::apply(const json& object, const std::string& prefix, const std::string& origin) {
    for (const auto& [name, value] : object.items()) {
        std::string path = prefix.empty() ? name : prefix + "." + name;
        const key_spec* spec = m_schema.find(path);
        if (spec) {
            set(*spec, value, origin);
            continue;
        }
        bool is_section =
            std::any_of(m_schema.keys().begin(), m_schema.keys().end(),
                        [&](const key_spec& k) { return k.path.rfind(path + ".", 0) == 0; });
        if (is_section && value.is_object()) {
            apply(value, path, origin);
            continue;
        }
        std::string known;
        std::string parent = prefix.empty() ? "" : prefix + ".";
        for (const auto& k : m_schema.keys()) {
            if (k.path.rfind(parent, 0) != 0) continue;
            std::string rest = k.path.substr(parent.size());
            rest = rest.substr(0, rest.find('.'));
            if (known.find(" " + rest + ",") == std::string::npos) known += " " + rest + ",";
        }
        if (!known.empty()) known.pop_back();
        throw config_error(fmt::format("{}: unknown config key '{}'; known {}:{}", origin, path,
                                       prefix.empty() ? "sections" : "keys in '" + prefix + "'",
                                       known));
    }
}

const json& config::at(const std::string& path, value_kind kind) const {
    const key_spec* spec = m_schema.find(path);
    if (!spec || spec->kind != kind)
        throw std::logic_error("config read of an undeclared key or wrong type: " + path);
    return m_values.at(path);
}

int64_t config::integer(const std::string& path) const {
    return at(path, value_kind::INTEGER).get<int64_t>();
}
double config::real(const std::string& path) const {
    return at(path, value_kind::REAL).get<double>();
}
bool config::boolean(const std::string& path) const {
    return at(path, value_kind::BOOLEAN).get<bool>();
}
std::string config::choice(const std::string& path) const {
    return at(path, value_kind::CHOICE).get<std::string>();
}
std::vector<int64_t> config::integer_list(const std::string& path) const {
    return at(path, value_kind::INTEGER_LIST).get<std::vector<int64_t>>();
}

std::vector<double> config::real_list(const std::string& path) const {
    return at(path, value_kind::REAL_LIST).get<std::vector<double>>();
}

std::string config::string(const std::string& path) const {
    return at(path, value_kind::STRING).get<std::string>();
}

const json& config::raw(const std::string& path) const {
    const key_spec* spec = m_schema.find(path);
    if (!spec) throw std::logic_error("config read of an undeclared key: " + path);
    return m_values.at(path);
}

json config::resolved() const {
    json out = json::object();
    for (const auto& k : m_schema.keys()) {
        json* node = &out;
        std::string path = k.path;
        size_t dot;
        while ((dot = path.find('.')) != std::string::npos) {
            node = &(*node)[path.substr(0, dot)];
            path = path.substr(dot + 1);
        }
        (*node)[path] = m_values.at(k.path);
    }
    return out;
}

} // namespace lumen
