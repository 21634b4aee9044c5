// SPDX-License-Identifier: Apache-2.0
#include "models/core/config_parse.h"

#include <fmt/format.h>

#include <cstdint>
#include <set>
#include <vector>

namespace lumen {

using nlohmann::json;

namespace {

// Line and column (1-based) of a byte offset, for parse errors.
std::pair<size_t, size_t> line_column(const std::string& text, size_t offset) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// The dotted key path the parser is in, and the keys each open object has
// had so far (a repeated key would silently replace the first).
struct key_path {
    struct object {
        std::set<std::string> seen;
        std::string current;
    };
    std::vector<object> open;

    std::string path(const std::string& prefix) const {
        std::string out = prefix;
        for (const auto& o : open)
            if (!o.current.empty()) out += (out.empty() ? "" : ".") + o.current;
        return out;
    }
};

// Offset of the first bracket that opens more than max_config_depth levels,
// or npos. A scan of its own, outside strings and comments, because the
// parser's callback knows the depth but not the position; nlohmann parses
// deep input without recursion, but dump() and the error paths recurse.
size_t too_deep_at(const std::string& text) {
    int depth = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        char ch = text[i];
        char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (ch == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
        } else if (ch == '/' && next == '/') {
            i = text.find('\n', i);
        } else if (ch == '/' && next == '*') {
            i = text.find("*/", i + 2);
            if (i != std::string::npos) ++i;
        } else if (ch == '[' || ch == '{') {
            if (++depth > max_config_depth) return i;
        } else if ((ch == ']' || ch == '}') && depth > 0) {
            --depth;
        }
        if (i == std::string::npos) break;
    }
    return std::string::npos;
}

} // namespace

std::string shown_text(const std::string& text) {
    return text.size() <= max_shown_chars ? text : text.substr(0, max_shown_chars) + "...";
}

std::string shown_value(const json& value) {
    // Replace, not throw, on bytes that are not UTF-8: this text is for an
    // error message.
    return shown_text(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

bool valid_utf8(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        // Length of the sequence and the smallest code point it may encode
        // (shorter forms are overlong, hence invalid).
        size_t n = 0;
        uint32_t cp = 0, least = 0;
        if (b < 0x80)
            n = 1, cp = b;
        else if ((b & 0xE0) == 0xC0)
            n = 2, cp = b & 0x1F, least = 0x80;
        else if ((b & 0xF0) == 0xE0)
            n = 3, cp = b & 0x0F, least = 0x800;
        else if ((b & 0xF8) == 0xF0)
            n = 4, cp = b & 0x07, least = 0x10000;
        else
            return false;
        if (i + n > text.size()) return false;
        for (size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n;
    }
    return true;
}

json parse_config_json(const std::string& text, const std::string& origin, const std::string& key,
                       const config_schema& schema) {
    size_t deep = too_deep_at(text);
    if (deep != std::string::npos) {
        std::string where = origin;
        if (key.empty()) {
            auto [line, column] = line_column(text, deep);
            where = fmt::format("{}:{}:{}", origin, line, column);
        } else {
            where = origin + " " + key;
        }
        throw config_error(fmt::format("{}: too deeply nested; allowed: at most {} levels of "
                                       "nested lists and objects",
                                       where, max_config_depth));
    }
    key_path where;
    json::parser_callback_t track = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) where.open.emplace_back();
        if (event == json::parse_event_t::object_end) where.open.pop_back();
        if (event == json::parse_event_t::key) {
            std::string name = parsed.get<std::string>();
            if (!where.open.back().seen.insert(name).second) {
                where.open.back().current = name;
                throw config_error(fmt::format("{}: duplicate key '{}'; allowed: each key once "
                                               "per object",
                                               key.empty() ? origin : origin + " " + key,
                                               shown_text(where.path(key))));
            }
            where.open.back().current = name;
        }
        return true;
    };
    try {
        return json::parse(text, track, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        if (!key.empty()) throw;
        auto [line, column] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
        std::string what = e.what();
        // Drop nlohmann's "[json.exception...] parse error at line L, column C: " prefix.
        auto colon = what.find(": ", what.find("column"));
        if (colon != std::string::npos) what = what.substr(colon + 2);
        // The message quotes the last token read, which can be the whole line.
        if (what.size() > 2 * max_shown_chars) what = what.substr(0, 2 * max_shown_chars) + "...";
        throw config_error(fmt::format("{}:{}:{}: malformed JSON: {}", origin, line, column, what));
    } catch (const json::out_of_range& e) {
        // nlohmann reports a number beyond a double (1e400, 400 digits) as
        // out_of_range 406, quoting the number.
        std::string what = e.what();
        auto open = what.find('\''), close = what.rfind('\'');
        std::string number = open != std::string::npos && close > open
                                 ? what.substr(open + 1, close - open - 1)
                                 : std::string("the number");
        std::string path = where.path(key);
        const key_spec* spec = schema.find(path);
        throw config_error(fmt::format("{}: {} = {} is out of range (beyond a double); allowed: {}",
                                       origin, path.empty() ? "the value" : path,
                                       shown_text(number),
                                       spec ? spec->allowed() : std::string("a finite number")));
    }
}

} // namespace lumen
