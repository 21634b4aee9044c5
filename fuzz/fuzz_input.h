// SPDX-License-Identifier: Apache-2.0
// What every fuzz target shares: the input as text, split in two parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lumen::fuzz {

inline std::string text_of(const uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// The lines of `text`, without their '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t from = 0;
    while (from < text.size()) {
        std::size_t end = text.find('\n', from);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(from, end - from));
        from = end + 1;
    }
    return lines;
}

// A two-part input: what comes before the first line holding only "%%", and
// the lines after it. Without such a line, all is the first part.
struct two_parts {
    std::string head;
    std::vector<std::string> tail_lines;
};

inline two_parts split_at_marker(const std::string& text) {
    const std::string marker = "\n%%\n";
    std::size_t at = text.rfind("%%\n", 0) == 0 ? 0 : text.find(marker);
    if (at == std::string::npos) return {text, {}};
    std::size_t tail = at == 0 ? 3 : at + marker.size();
    return {text.substr(0, at), lines_of(text.substr(tail))};
}

} // namespace lumen::fuzz
