// SPDX-License-Identifier: Apache-2.0
// The checks of one config value against its key's kind and range: every
// value from the file, --set and the defaults passes here, once, at load.
#include "models/core/config.h"

#include "models/core/config_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lumen {

using nlohmann::json;

namespace {

// Whether a JSON value is an integer, and one an int64 holds.
enum class integer_fit { NOT_INTEGER, TOO_LARGE, FITS };

integer_fit fit_of(const json& v) {
    if (v.is_number_unsigned())
        return v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())
                   ? integer_fit::TOO_LARGE
                   : integer_fit::FITS;
    if (v.is_number_integer()) return integer_fit::FITS;
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (!std::isfinite(d) || d != std::floor(d)) return integer_fit::NOT_INTEGER;
        // Beyond 2^53 a double no longer holds every integer: the value was
        // an integer too large to read exactly.
        return std::fabs(d) < 9.0e15 ? integer_fit::FITS : integer_fit::TOO_LARGE;
    }
    return integer_fit::NOT_INTEGER;
}

bool is_integral(const json& v) {
    return fit_of(v) == integer_fit::FITS;
}

} // namespace

void config::set(const key_spec& spec, const json& value, const std::string& origin) {
    auto bad = [&](const std::string& why) {
        return config_error(fmt::format("{}: {} = {} {}; allowed: {}{}", origin, spec.path,
                                        shown_value(value), why, spec.allowed(),
                                        spec.unit.empty() ? "" : " (" + spec.unit + ")"));
    };
    auto check_range = [&](double v) {
        bool low = spec.min_exclusive ? v <= spec.min : v < spec.min;
        if (low || v > spec.max || std::isnan(v)) throw bad("is out of range");
    };
    switch (spec.kind) {
    case value_kind::INTEGER:
        if (fit_of(value) == integer_fit::TOO_LARGE) throw bad("is out of range");
        if (!is_integral(value)) throw bad("is not an integer");
        check_range(value.get<double>());
        m_values[spec.path] = value.get<int64_t>();
        return;
    case value_kind::REAL:
        if (!value.is_number()) throw bad("is not a number");
        check_range(value.get<double>());
        m_values[spec.path] = value.get<double>();
        return;
    case value_kind::BOOLEAN:
        if (!value.is_boolean()) throw bad("is not true or false");
        m_values[spec.path] = value;
        return;
    case value_kind::CHOICE:
        if (!value.is_string() || std::find(spec.choices.begin(), spec.choices.end(),
                                            value.get<std::string>()) == spec.choices.end())
            throw bad("is not a known name");
        m_values[spec.path] = value;
        return;
    case value_kind::INTEGER_LIST: {
        if (!value.is_array()) throw bad("is not a list");
        json list = json::array();
        for (const auto& v : value) {
            if (fit_of(v) == integer_fit::TOO_LARGE) throw bad("has an element out of range");
            if (!is_integral(v)) throw bad("has an element that is not an integer");
            check_range(v.get<double>());
            list.push_back(v.get<int64_t>());
        }
        m_values[spec.path] = list;
        return;
    }
    case value_kind::REAL_LIST: {
        if (!value.is_array()) throw bad("is not a list");
        for (const auto& v : value) {
            if (!v.is_number()) throw bad("has an element that is not a number");
            check_range(v.get<double>());
        }
        m_values[spec.path] = value;
        return;
    }
    case value_kind::COUNT_OR_LIST: {
        if (value.is_array()) {
            json list = json::array();
            for (const auto& v : value) {
                if (fit_of(v) == integer_fit::TOO_LARGE) throw bad("has an index out of range");
                if (!is_integral(v)) throw bad("has an element that is not an integer");
                double d = v.get<double>();
                if (d < 0 || d >= spec.max) throw bad("has an index out of range");
                list.push_back(v.get<int64_t>());
            }
            m_values[spec.path] = list;
            return;
        }
        if (fit_of(value) == integer_fit::TOO_LARGE) throw bad("is out of range");
        if (!is_integral(value)) throw bad("is neither a count nor a list");
        check_range(value.get<double>());
        m_values[spec.path] = value.get<int64_t>();
        return;
    }
    case value_kind::EVENTS:
        if (!value.is_array()) throw bad("is not a list");
        for (const auto& v : value)
            if (!v.is_object()) throw bad("has an element that is not an object");
        m_values[spec.path] = value;
        return;
    case value_kind::STRING:
        if (!value.is_string()) throw bad("is not a string");
        m_values[spec.path] = value;
        return;
    case value_kind::OBJECT:
        if (!value.is_object()) throw bad("is not an object");
        for (const auto& [name, entry] : value.items())
            if (!entry.is_object()) throw bad("has an entry '" + name + "' that is not an object");
        m_values[spec.path] = value;
        return;
    }
}

} // namespace lumen
