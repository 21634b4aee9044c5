// SPDX-License-Identifier: Apache-2.0
#include "models/platform/platform_main.h"

#include "models/core/log.h"
#include "models/platform/presets.h"
#include "models/platform/sim_runner.h"
#include "models/workload/collective_sweep.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sysc/tracing/sc_tracing_ids.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>

namespace lumen {

namespace {

// The resolved config records its preset (link.preset), so that a file
// written by --print-config runs again under the same preset. A config
// file's link.preset, then --set link.preset=, then --preset NAME choose
// it; its link.* defaults go in under every value the file and --set give.
config load_config(const config_schema& schema, const std::string& file,
                   std::vector<std::string> sets, const std::string& preset_option) {
    if (!preset_option.empty()) sets.push_back("link.preset=" + preset_option);
    auto load_under = [&](const std::string& preset) {
        config_schema with_preset = schema;
        apply_link_preset(with_preset, preset);
        return config::load(with_preset, file, sets);
    };
    const std::string first_guess = link_presets().front().name;
    config c = load_under(first_guess);
    const std::string named = c.choice("link.preset");
    // The file and --set name the preset whatever the defaults: a second
    // load under it gives the same name.
    return named == first_guess ? c : load_under(named);
}

// Whether `path` can be written, without creating it: an existing file
// that is writable, or a new name in a folder that is.
bool can_create(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) == 0) return S_ISREG(st.st_mode) && access(path.c_str(), W_OK) == 0;
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    return access(dir.c_str(), W_OK | X_OK) == 0;
}

// Writes beside `path` and renames over it: an interrupted run (Ctrl-C)
// leaves the old file or none, never half a JSON.
bool write_whole(const std::string& path, const std::string& text) {
    const std::string partial = path + ".partial";
    {
        std::ofstream out(partial);
        out << text;
        if (!out.flush()) {
            std::remove(partial.c_str());
            return false;
        }
    }
    if (std::rename(partial.c_str(), path.c_str()) == 0) return true;
    std::remove(partial.c_str());
    return false;
}

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
    const std::string default_preset = link_presets().front().name;
    schema.add_choice("link.preset", default_preset, link_preset_names(),
                      "link technology preset whose link.* defaults apply (--preset NAME)");

    CLI::App app{platform.summary, exe};
    std::string config_file, json_file, vcd_file, trace_filter, trace_window_text;
    std::vector<std::string> sets;
    std::string preset_option;
    uint64_t seed = 1;
    bool print_config = false, quiet = false, verbose = false, version = false;
    app.add_option("--config", config_file,
                   "JSON platform config (comments allowed); "
                   "without it the embedded default runs");
    app.add_option("--set", sets, "override one config value: key.path=value (repeatable)");
    app.add_option("--preset", preset_option,
                   "link technology preset (see below), the same as --set link.preset=NAME; "
                   "default " +
                       default_preset)
        ->check(CLI::IsMember(link_preset_names()));
    app.add_option("--json", json_file,
                   "write the results JSON to FILE ('-': stdout, the summary then goes to stderr)");
    app.add_option("--vcd", vcd_file, "write a VCD trace of model state to FILE (.vcd)");
    app.add_option("--trace-filter", trace_filter,
                   "keep only traced signals whose hierarchical name matches GLOB");
    app.add_option("--trace-window", trace_window_text,
                   "START:END in us: the window the .gtkw beside the VCD opens on "
                   "(default: the first 5 us of traffic)");
    app.add_option("--seed", seed, "random seed; same seed, same results (default 1)");
    app.add_flag("--print-config", print_config, "print the fully resolved config and exit");
    app.add_flag("--quiet", quiet, "print no summary table and no progress line");
    app.add_flag("--verbose", verbose,
                 "log link training, lane deaths, retrains, NAK storms and link up/down on "
                 "stderr, one line each: [LEVEL time] module: message");
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
    std::optional<trace_window> window;
    if (!trace_window_text.empty()) {
        if (vcd_file.empty()) {
            fmt::print(stderr, "{}: error: --trace-window needs --vcd FILE\n", exe);
            return 2;
        }
        try {
            window = tracer::parse_window(trace_window_text);
        } catch (const config_error& e) {
            fmt::print(stderr, "{}: error: {}\n", exe, e.what());
            return 2;
        }
    }
    const bool json_to_stdout = json_file == "-";

    config cfg;
    try {
        cfg = load_config(schema, config_file, sets, preset_option);
        if (platform.validate) platform.validate(cfg);
    } catch (const config_error& e) {
        fmt::print(stderr, "{}: config error: {}\n", exe, e.what());
        return 2;
    }
    // A window the run cannot reach would open on nothing.
    if (window && cfg.has("sim.max_time_us") &&
        static_cast<double>(window->start_ps) >= cfg.real("sim.max_time_us") * 1e6) {
        fmt::print(stderr,
                   "{}: error: --trace-window '{}' starts at or after sim.max_time_us = {:g}; "
                   "allowed: START < sim.max_time_us\n",
                   exe, trace_window_text, cfg.real("sim.max_time_us"));
        return 2;
    }
    const std::string preset = cfg.choice("link.preset");
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
    // The JSON is not created yet: it appears whole, at the end, or not at all.
    const bool json_to_file = !json_file.empty() && !json_to_stdout;
    if (json_to_file && !can_create(json_file)) {
        fmt::print(stderr, "{}: error: --json '{}' cannot be written\n", exe, json_file);
        return 2;
    }
    if (!vcd_file.empty() && !std::ofstream(vcd_file)) {
        fmt::print(stderr, "{}: error: --vcd '{}' cannot be written\n", exe, vcd_file);
        return 2;
    }

    run_results results;
    results.platform = platform.name;
    results.preset = preset;
    results.seed = seed;
    results.config = cfg.resolved();

    // Reports are one line each on stderr; the models' log lines only with
    // --verbose. Set before elaboration: the models read it when built.
    install_log_handler();
    quiet_kernel_notes();
    sc_core::sc_report_handler::set_verbosity_level(verbose ? sc_core::SC_DEBUG : sc_core::SC_LOW);
    std::unique_ptr<tracer> trace;
    if (!vcd_file.empty()) trace = std::make_unique<tracer>(vcd_file, trace_filter, window);
    run_options options{seed, preset, trace.get(), !quiet && stderr_is_terminal(), sizes};
    auto start = std::chrono::steady_clock::now();
    try {
        platform.run(cfg, options, results);
    } catch (const config_error& e) { // found after elaboration, before the run
        const std::string gtkw = trace ? trace->gtkw_path() : std::string();
        // SystemC warns that it closes a trace with no cycle in it: it is
        // removed anyway, and the error line below says why.
        sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_CLOSE_EMPTY_FILE_,
                                                sc_core::SC_DO_NOTHING);
        trace.reset();
        if (!vcd_file.empty()) std::remove(vcd_file.c_str());
        if (!gtkw.empty()) std::remove(gtkw.c_str());
        fmt::print(stderr, "{}: error: {}\n", exe, e.what());
        return 2;
    }
    results.wall_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    trace.reset(); // flush the VCD

    if (!quiet) results.print_summary(json_to_stdout ? stderr : stdout);
    // A failed run always says why, on one line, even when nothing else is printed.
    if (quiet && !results.passed())
        fmt::print(stderr, "{}: FAIL: {}\n", exe,
                   results.failure.empty() ? "data lost or corrupted" : results.failure);
    if (json_to_stdout) fmt::print("{}\n", results.to_json().dump(2));
    if (json_to_file && !write_whole(json_file, results.to_json().dump(2) + "\n")) {
        fmt::print(stderr, "{}: error: writing --json '{}' failed\n", exe, json_file);
        return 1;
    }
    return results.passed() ? 0 : 1;
}

} // namespace lumen
