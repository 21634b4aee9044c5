// SPDX-License-Identifier: Apache-2.0
#include "models/platform/platform_main.h"

#include "models/platform/presets.h"
#include "models/platform/sim_runner.h"
#include "models/workload/collective_sweep.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>

namespace lumen {

namespace {

const char* const sizes_allowed =
    "allowed: MIN:MAX:FACTOR, byte counts with an optional K, M or G (2^10, 2^20, 2^30), "
    "0 < MIN <= MAX <= 1024G, an integer FACTOR >= 2 (e.g. 8:128M:2)";

// One size of --sizes, as nccl-tests reads -b and -e: digits and a binary suffix.
bool parse_size(const std::string& text, uint64_t& bytes) {
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 13 || text.size() - digits > 1) return false;
    unsigned shift = 0;
    if (digits < text.size()) {
        const char suffix = char(std::toupper(static_cast<unsigned char>(text[digits])));
        shift = suffix == 'K' ? 10 : suffix == 'M' ? 20 : suffix == 'G' ? 30 : 99;
        if (shift == 99) return false;
    }
    const uint64_t value = std::stoull(text.substr(0, digits));
    if (value > (1ULL << 40) >> shift) return false; // above 1024G
    bytes = value << shift;
    return true;
}

// --sizes MIN:MAX:FACTOR into its sizes; empty and a message on a bad one.
std::vector<uint64_t> parse_sizes(const std::string& text, std::string& error) {
    std::vector<std::string> fields(1);
    for (char ch : text) {
        if (ch == ':')
            fields.emplace_back();
        else
            fields.back() += ch;
    }
    uint64_t min = 0, max = 0, factor = 0;
    if (fields.size() != 3 || !parse_size(fields[0], min) || !parse_size(fields[1], max) ||
        fields[2].empty() || fields[2].size() > 6 ||
        !std::all_of(fields[2].begin(), fields[2].end(),
                     [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
        error = "is not MIN:MAX:FACTOR";
        return {};
    }
    factor = std::stoull(fields[2]);
    if (min == 0 || min > max || factor < 2) {
        error = fmt::format("has MIN = {}, MAX = {}, FACTOR = {}", min, max, factor);
        return {};
    }
    return size_steps(min, max, factor);
}

} // namespace

int platform_main(int argc, char* argv[], const platform_description& platform) {
    const std::string exe = "lumen-" + platform.name;
    config_schema schema;
    platform.declare(schema);

    CLI::App app{platform.summary, exe};
    std::string config_file, json_file, vcd_file, trace_filter;
    std::vector<std::string> sets;
    std::string preset = link_presets().front().name;
    uint64_t seed = 1;
    bool print_config = false, quiet = false, verbose = false, version = false;
    app.add_option("--config", config_file,
                   "JSON platform config (comments allowed); "
                   "without it the embedded default runs");
    app.add_option("--set", sets, "override one config value: key.path=value (repeatable)");
    app.add_option("--preset", preset, "link technology preset (see below); default " + preset)
        ->check(CLI::IsMember(link_preset_names()));
    app.add_option("--json", json_file,
                   "write the results JSON to FILE ('-': stdout, the summary then goes to stderr)");
    app.add_option("--vcd", vcd_file, "write a VCD trace of model state to FILE (.vcd)");
    app.add_option("--trace-filter", trace_filter,
                   "keep only traced signals whose hierarchical name matches GLOB");
    app.add_option("--seed", seed, "random seed; same seed, same results (default 1)");
    app.add_flag("--print-config", print_config, "print the fully resolved config and exit");
    app.add_flag("--quiet", quiet, "print no summary table and no progress line");
    app.add_flag("--verbose", verbose, "log model events through SystemC's report handler");
    app.add_flag("--version", version, "print the version and exit");
    std::string sizes_text;
    if (platform.validate_sizes)
        app.add_option("--sizes", sizes_text,
                       "run the collective at sizes MIN:MAX:FACTOR in turn, in one run, as "
                       "nccl-tests -b MIN -e MAX -f FACTOR (e.g. 8:128M:2; K, M, G: 2^10, 2^20, "
                       "2^30 B); replaces workload.collective_bytes; prints nccl-tests' table");
    app.footer("Config keys (--set key=value, or in the --config JSON as nested objects):\n" +
               schema.help_text() + "\nLink technology presets (--preset NAME):\n" +
               link_presets_help() +
               "\nExit codes: 0 success; 1 simulation failed (integrity, deadlock, timeout); "
               "2 usage or config error.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return 0;
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "{}: error: {}\n", exe, e.what());
        return 2;
    }

    if (version) {
        fmt::print("{} {}\n", exe, LUMEN_VERSION);
        return 0;
    }
    // A VCD named otherwise would leave a stray file GTKWave does not expect.
    if (!vcd_file.empty() &&
        (vcd_file.size() < 5 || vcd_file.substr(vcd_file.size() - 4) != ".vcd")) {
        fmt::print(stderr, "{}: error: --vcd '{}' must name a .vcd file\n", exe, vcd_file);
        return 2;
    }
    const bool json_to_stdout = json_file == "-";

    config cfg;
    try {
        apply_link_preset(schema, preset);
        cfg = config::load(schema, config_file, sets);
        if (platform.validate) platform.validate(cfg);
    } catch (const config_error& e) {
        fmt::print(stderr, "{}: config error: {}\n", exe, e.what());
        return 2;
    }
    std::vector<uint64_t> sizes;
    if (platform.validate_sizes && app.count("--sizes") > 0) {
        std::string why;
        sizes = parse_sizes(sizes_text, why);
        if (sizes.empty()) {
            fmt::print(stderr, "{}: error: --sizes '{}' {}; {}\n", exe, sizes_text, why,
                       sizes_allowed);
            return 2;
        }
        try {
            platform.validate_sizes(cfg, sizes);
        } catch (const config_error& e) {
            fmt::print(stderr, "{}: error: --sizes '{}': {}\n", exe, sizes_text, e.what());
            return 2;
        }
    }
    if (print_config) {
        fmt::print("{}\n", cfg.resolved().dump(2));
        return 0;
    }

    // Output files are opened before the run: a bad path is a usage error
    // found before any simulated time is spent.
    std::ofstream json_out;
    for (const auto& [option, path] : {std::pair{"--json", json_file}, {"--vcd", vcd_file}}) {
        if (path.empty() || (path == "-" && std::string(option) == "--json")) continue;
        std::ofstream probe(path);
        if (!probe) {
            fmt::print(stderr, "{}: error: {} '{}' cannot be written\n", exe, option, path);
            return 2;
        }
    }
    if (!json_file.empty() && !json_to_stdout) json_out.open(json_file);

    run_results results;
    results.platform = platform.name;
    results.preset = preset;
    results.seed = seed;
    results.config = cfg.resolved();

    // Informational kernel chatter stays off stdout unless asked for.
    sc_core::sc_report_handler::set_verbosity_level(verbose ? sc_core::SC_DEBUG : sc_core::SC_LOW);
    std::unique_ptr<tracer> trace;
    if (!vcd_file.empty()) trace = std::make_unique<tracer>(vcd_file, trace_filter);
    run_options options{seed, preset, trace.get(), !quiet && stderr_is_terminal(), sizes};
    auto start = std::chrono::steady_clock::now();
    platform.run(cfg, options, results);
    results.wall_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    trace.reset(); // flush the VCD

    if (!quiet) results.print_summary(json_to_stdout ? stderr : stdout);
    // A failed run always says why, on one line, even when nothing else is printed.
    if (quiet && !results.passed())
        fmt::print(stderr, "{}: FAIL: {}\n", exe,
                   results.failure.empty() ? "data lost or corrupted" : results.failure);
    if (json_to_stdout) fmt::print("{}\n", results.to_json().dump(2));
    if (json_out.is_open()) {
        json_out << results.to_json().dump(2) << "\n";
        if (!json_out.flush()) {
            fmt::print(stderr, "{}: error: writing --json '{}' failed\n", exe, json_file);
            return 1;
        }
    }
    return results.passed() ? 0 : 1;
}

} // namespace lumen
