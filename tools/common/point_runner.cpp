// SPDX-License-Identifier: Apache-2.0
#include "tools/common/point_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace lumen::tools {

namespace fs = std::filesystem;

std::string platform_executable(const std::string& platform) {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw usage_error(fmt::format("cannot locate this executable: {}", ec.message()));
    fs::path exe = self.parent_path() / ("lumen-" + platform);
    if (::access(exe.c_str(), X_OK) != 0)
        throw usage_error(
            fmt::format("--platform {}: {} is not built (cmake --build build --target lumen-{})",
                        platform, exe.string(), platform));
    return exe.string();
}

std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (!path) return "";
    std::string dirs = path;
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(start, end - start);
        fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate))
            return candidate.string();
        start = end + 1;
    }
    return "";
}

namespace {

// The last non-blank line of a file, trimmed: the platforms' contract is one
// line on stderr for an error, so that line is the point's error text.
std::string last_line(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line)) {
        auto end = line.find_last_not_of(" \t\r\n");
        if (end != std::string::npos) last = line.substr(0, end + 1);
    }
    return last;
}

// Starts one run; returns its pid, or -1 with outcome filled in if it could not start.
pid_t spawn(const point_run& run, point_outcome& outcome) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const char* out = run.stdout_path.empty() ? "/dev/null" : run.stdout_path.c_str();
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, run.stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    for (const auto& a : run.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        outcome.exit_status = 127;
        outcome.error = fmt::format("cannot run {}: {}", run.argv[0], std::strerror(rc));
        return -1;
    }
    return pid;
}

void finish(const point_run& run, int status, point_outcome& outcome) {
    if (WIFEXITED(status))
        outcome = outcome_of(WEXITSTATUS(status), run.stderr_path);
    else
        outcome = outcome_of(128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0), run.stderr_path);
    if (!run.exit_path.empty()) std::ofstream(run.exit_path) << outcome.exit_status << "\n";
}

} // namespace

point_outcome outcome_of(int exit_status, const std::string& stderr_path) {
    point_outcome outcome{exit_status, ""};
    // The platforms exit 0, 1 or 2; a shell reports a run a signal stopped as 128 + signal.
    if (exit_status > 128) {
        int sig = exit_status - 128;
        outcome.error = fmt::format("killed by signal {} ({})", sig, strsignal(sig));
    } else if (exit_status != 0) {
        outcome.error = last_line(stderr_path);
    }
    return outcome;
}

std::vector<point_outcome> run_points(const std::vector<point_run>& runs, unsigned jobs,
                                      const progress_callback& progress) {
    std::vector<point_outcome> outcomes(runs.size());
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0, done = 0, failed = 0;
    auto account = [&](std::size_t i) {
        ++done;
        if (outcomes[i].exit_status != 0) ++failed;
        if (progress) progress(done, failed);
    };
    while (done < runs.size()) {
        while (running.size() < std::max(1u, jobs) && next < runs.size()) {
            std::size_t i = next++;
            pid_t pid = spawn(runs[i], outcomes[i]);
            if (pid < 0)
                account(i);
            else
                running[pid] = i;
        }
        if (running.empty()) continue;
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(fmt::format("waitpid: {}", std::strerror(errno)));
        }
        auto it = running.find(pid);
        if (it == running.end()) continue;
        std::size_t i = it->second;
        running.erase(it);
        finish(runs[i], status, outcomes[i]);
        account(i);
    }
    return outcomes;
}

progress_line::progress_line(std::string tool, std::size_t total, bool quiet, std::string unit)
    : m_tool(std::move(tool))
    , m_unit(std::move(unit))
    , m_total(total)
    , m_enabled(!quiet && ::isatty(STDERR_FILENO)) {}

void progress_line::update(std::size_t done, std::size_t failed) {
    if (!m_enabled) return;
    fmt::print(stderr, "\r{}: {}/{} {} done, {} failed", m_tool, done, m_total, m_unit, failed);
    std::fflush(stderr);
    m_drawn = true;
}

void progress_line::finish() {
    if (m_drawn) fmt::print(stderr, "\n");
    m_drawn = false;
}

} // namespace lumen::tools
