// SPDX-License-Identifier: Apache-2.0
#include "tools/common/shell_words.h"

#include "tools/common/point_runner.h"

#include <fmt/format.h>

namespace lumen::tools {

std::string shell_quote(const std::string& word) {
    const char* safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=.,:/@%";
    if (!word.empty() && word.find_first_not_of(safe) == std::string::npos) return word;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string shell_command(const std::vector<std::string>& words) {
    std::string line;
    for (const auto& w : words) line += (line.empty() ? "" : " ") + shell_quote(w);
    return line;
}

std::vector<std::string> split_shell_words(const std::string& text, const std::string& what) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) words.push_back(word);
            word.clear();
            in_word = false;
            continue;
        }
        in_word = true;
        if (c == '\\' && i + 1 < text.size()) {
            word += text[++i];
        } else if (c == '\'' || c == '"') {
            std::size_t close = text.find(c, i + 1);
            if (close == std::string::npos)
                throw usage_error(fmt::format("{} {}: the quote {} is not closed", what, text, c));
            word += text.substr(i + 1, close - i - 1);
            i = close;
        } else {
            word += c;
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

} // namespace lumen::tools
