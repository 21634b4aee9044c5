// SPDX-License-Identifier: Apache-2.0
#include "tests/tools/tool_run.h"

#include "tools/common/point_runner.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lumen::tools::test {

namespace fs = std::filesystem;

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int line_count(const std::string& text) {
    int n = 0;
    for (char c : text) n += c == '\n';
    return n;
}

scratch_dir::scratch_dir() {
    std::string pattern = (fs::temp_directory_path() / "lumen-tools-test.XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

scratch_dir::~scratch_dir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

tool_result run_tool(const std::string& tool, const std::vector<std::string>& args) {
    scratch_dir capture;
    point_run run{{(fs::path(LUMEN_BIN_DIR) / tool).string()},
                  (capture.path() / "out").string(),
                  (capture.path() / "err").string()};
    run.argv.insert(run.argv.end(), args.begin(), args.end());
    auto outcome = run_points({run}, 1, nullptr).front();
    return {outcome.exit_status, read_text(run.stdout_path), read_text(run.stderr_path)};
}

std::vector<std::map<std::string, std::string>> read_csv(const fs::path& file) {
    std::string text = read_text(file);
    std::vector<std::vector<std::string>> rows{{}};
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(cell);
            cell.clear();
        } else if (c == '\n') {
            rows.back().push_back(cell);
            cell.clear();
            rows.emplace_back();
        } else {
            cell += c;
        }
    }
    if (rows.back().empty()) rows.pop_back();
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r].size() != rows[0].size())
            throw std::runtime_error(file.string() + ": a row has " +
                                     std::to_string(rows[r].size()) + " cells, the header " +
                                     std::to_string(rows[0].size()));
        std::map<std::string, std::string> named;
        for (std::size_t c = 0; c < rows[0].size(); ++c) named[rows[0][c]] = rows[r][c];
        out.push_back(std::move(named));
    }
    return out;
}

} // namespace lumen::tools::test
