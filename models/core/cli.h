// SPDX-License-Identifier: Apache-2.0
// The command line every executable outside the platforms shares with the
// platforms' contract (benchmarks, tools, lumen-cosim, lumen-vectors):
// --help prints the options and exits 0, --version the version; a bad
// argument is one line on stderr naming the executable and what is wrong,
// exit code 2, before any simulated time is spent. Header only: LUMEN_VERSION
// is defined per executable (lumen_version() in CMake), not for the library.
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <optional>

namespace lumen::cli {

// Returns the exit code when the process should stop here (help, version or
// a usage error), nothing when the executable should run. The app's name is
// the executable's, as the error line and --version print it.
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

} // namespace lumen::cli
