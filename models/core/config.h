// SPDX-License-Identifier: Apache-2.0
// Typed, validated platform configuration. A platform declares every key it
// reads in a config_schema (type, unit, default, allowed range, help); the
// JSON file and --set overrides are checked against it once, at load, so that
// nothing runs on a bad config. Errors are one line naming the key.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace lumen {

// A usage or config error: exit code 2, the message names the key or file.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// COUNT_OR_LIST: an integer count, or a list of integers (indices), each in
// range. EVENTS: a JSON list of objects the platform validates itself.
// STRING: any text (a file name). OBJECT: a JSON object of named entries the
// platform validates itself (per-tier overrides); `--set key.name.field=v`
// sets inside it.
enum class value_kind {
    INTEGER,
    REAL,
    BOOLEAN,
    CHOICE,
    INTEGER_LIST,
    REAL_LIST,
    COUNT_OR_LIST,
    EVENTS,
    STRING,
    OBJECT
};

struct key_spec {
    std::string path; // dotted, e.g. "link.lanes"
    value_kind kind = value_kind::INTEGER;
    nlohmann::json default_value;
    std::string unit; // shown in --help; empty when dimensionless
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool min_exclusive = false;
    std::vector<std::string> choices; // CHOICE only
    std::string help;

    std::string allowed() const; // "1 .. 4096", "(0, 1]", "8b10b | 64b66b | none"
};

class config_schema {
public:
    void add_integer(const std::string& path, int64_t def, int64_t min, int64_t max,
                     const std::string& unit, const std::string& help);
    void add_real(const std::string& path, double def, double min, double max,
                  const std::string& unit, const std::string& help, bool min_exclusive = false);
    void add_boolean(const std::string& path, bool def, const std::string& help);
    void add_choice(const std::string& path, const std::string& def,
                    const std::vector<std::string>& choices, const std::string& help);
    // A list of integers, each within [min, max].
    void add_integer_list(const std::string& path, int64_t min, int64_t max,
                          const std::string& unit, const std::string& help);

    void add_real_list(const std::string& path, double min, double max, const std::string& unit,
                       const std::string& help);
    void add_count_or_list(const std::string& path, int64_t max, const std::string& unit,
                           const std::string& help);
    void add_events(const std::string& path, const std::string& help);
    void add_string(const std::string& path, const std::string& def, const std::string& help);
    void add_object(const std::string& path, const std::string& help);

    // A platform or preset changes a default; the value is validated like input.
    void set_default(const std::string& path, const nlohmann::json& value);

    const key_spec* find(const std::string& path) const;
    const std::vector<key_spec>& keys() const { return m_keys; }

    // Every key with its unit, default and allowed values, for --help.
    std::string help_text() const;

private:
    key_spec& add(key_spec spec);
    std::vector<key_spec> m_keys;
};

class config {
public:
    // Resolves the schema defaults, then the JSON file (comments allowed; an
    // empty name means the embedded default), then each "key.path=value".
    // Throws config_error on the first problem.
    static config load(const config_schema& schema, const std::string& file,
                       const std::vector<std::string>& sets);
    // The same from JSON text already in memory (named "source" in errors).
    static config load_text(const config_schema& schema, const std::string& text,
                            const std::string& source, const std::vector<std::string>& sets);

    int64_t integer(const std::string& path) const;
    double real(const std::string& path) const;
    bool boolean(const std::string& path) const;
    std::string choice(const std::string& path) const;
    std::vector<int64_t> integer_list(const std::string& path) const;
    std::vector<double> real_list(const std::string& path) const;
    std::string string(const std::string& path) const;
    // Whether the schema declares `path` (a platform's part configs lack some).
    bool has(const std::string& path) const { return m_schema.find(path) != nullptr; }
    // REAL_LIST, COUNT_OR_LIST, EVENTS and OBJECT values as they were given.
    const nlohmann::json& raw(const std::string& path) const;

    // The fully resolved config as nested JSON (for --print-config and results).
    nlohmann::json resolved() const;

private:
    const nlohmann::json& at(const std::string& path, value_kind kind) const;
    void set(const key_spec& spec, const nlohmann::json& value, const std::string& origin);
    void apply(const nlohmann::json& object, const std::string& prefix, const std::string& origin);
    // `--set object.entry.field=value` into an OBJECT key; false when no
    // OBJECT key is a prefix of `path`.
    bool set_inside_object(const std::string& path, const std::string& raw);

    config_schema m_schema;
    nlohmann::json m_values = nlohmann::json::object(); // flat: "link.lanes" -> value
};

} // namespace lumen
