// SPDX-License-Identifier: Apache-2.0
// The command line every benchmark shares with the platforms' contract:
// --help prints the options and exits 0, --version the version; a bad
// argument is one line on stderr naming the executable and what is wrong,
// exit code 2, before any simulated time is spent.
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <optional>

namespace lumen::bench {

// Returns the exit code when the process should stop here (help or a usage
// error), nothing when the benchmark should run.
inline std::optional<int> parse_options(CLI::App& app, int argc, char* argv[]) {
    app.set_version_flag("--version", app.get_name() + " " + LUMEN_VERSION,
                         "print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return 0;
    } catch (const CLI::CallForVersion& e) {
        std::puts(e.what());
        return 0;
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "{}: error: {}\n", app.get_name(), e.what());
        return 2;
    }
    return std::nullopt;
}

} // namespace lumen::bench
