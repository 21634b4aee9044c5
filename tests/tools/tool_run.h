// SPDX-License-Identifier: Apache-2.0
// Runs lumen-compare and lumen-sweep as a user does, and reads what they write.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lumen::tools::test {

struct tool_result {
    int exit_status;
    std::string out; // stdout
    std::string err; // stderr
};

// Runs build/bin/<tool> with args; no shell in between.
tool_result run_tool(const std::string& tool, const std::vector<std::string>& args);

// A fresh directory, removed with the object.
class scratch_dir {
public:
    scratch_dir();
    ~scratch_dir();
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// A CSV file as rows of named cells (RFC 4180 quoting).
std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& file);

std::string read_text(const std::filesystem::path& file);
int line_count(const std::string& text);

} // namespace lumen::tools::test
