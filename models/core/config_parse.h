// SPDX-License-Identifier: Apache-2.0
// Reading config JSON (a file, or one --set value) with the limits that keep
// hostile input a one-line config error: numbers beyond a double, nesting
// deeper than a config needs, a key given twice in one object, and values
// shown in errors cut short so that a huge value cannot flood stderr.
#pragma once

#include "models/core/config.h"

#include <nlohmann/json.hpp>

#include <string>

namespace lumen {

// Config JSON nests at most this deep (lists and objects); deeper input is
// an attack or a generator's bug, and would recurse in dump().
constexpr int max_config_depth = 64;
// At most this many characters of a value are shown in an error.
constexpr std::size_t max_shown_chars = 60;

// Text cut to max_shown_chars, with "..." when it was longer.
std::string shown_text(const std::string& text);
// A JSON value as shown in an error: its dump, cut short.
std::string shown_value(const nlohmann::json& value);

// Whether `text` is well-formed UTF-8: JSON strings must be, and a --set
// value that is not becomes one.
bool valid_utf8(const std::string& text);

// Parses `text` (comments allowed). `origin` is a file name, or "--set" with
// `key` the key the text is the value of. Problems of a file are config
// errors naming file:line:col; a --set value that is not JSON is left to the
// caller as json::parse_error (it may be a name). Nesting deeper than
// max_config_depth names file:line:col or the --set key; a key repeated
// in one object names the key. A number beyond a double
// is a config error naming the key it is the value of.
nlohmann::json parse_config_json(const std::string& text, const std::string& origin,
                                 const std::string& key, const config_schema& schema);

} // namespace lumen
