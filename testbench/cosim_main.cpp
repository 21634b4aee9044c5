// SPDX-License-Identifier: Apache-2.0
// lumen-cosim: runs the lane-encoder RTL (verilated) against the C++
// reference codec, bit for bit and cycle for cycle.
// Exit 0: bit-exact and timing agrees; 1: it does not; 2: bad arguments.
#include "models/core/cli.h"
#include "testbench/cosim_gtkw.h"
#include "testbench/cosim_run.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <systemc>
#include <utility>
#include <vector>

namespace {

lumen::cosim::cosim_options options;
std::string json_path;

// NaN passes every range check (each comparison with it is false), and a
// NaN or infinite probability would hang or void the run: every real-valued
// option is checked finite before its range.
const CLI::Validator finite_number(
    [](std::string& text) {
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(v))
            return "'" + text + "' is not a finite number; allowed: a finite decimal";
        return std::string();
    },
    "FINITE");

} // namespace

// Arguments are checked before SystemC starts, so that a bad one gets one
// line and no banner.
int main(int argc, char* argv[]) {
    using namespace lumen::cosim;
    cosim_options& o = options;
    std::string enc_name = "8b10b";
    CLI::App app{"lumen-cosim: lane-encoder RTL against the C++ reference codec", "lumen-cosim"};
    // --help shows every option's default beside it.
    app.option_defaults()->always_capture_default();
    app.add_option("--encoding", enc_name, "line code")->check(CLI::IsMember({"8b10b", "64b66b"}));
    app.add_option("--lanes", o.lanes, "lanes (the RTL is verilated for these counts only)")
        ->check(CLI::IsMember(
            std::vector<unsigned>(built_lane_counts.begin(), built_lane_counts.end())));
    app.add_option("--words", o.words, "random words per lane")
        ->check(CLI::Range(1ull, 1ull << 40));
    app.add_option("--seed", o.seed, "random seed");
    app.add_option("--backpressure", o.backpressure,
                   "probability that the sink stalls in a cycle, 0 <= P < 1")
        ->check(finite_number)
        ->check(CLI::Range(0.0, 0.999));
    app.add_option("--vcd", o.vcd,
                   "RTL trace, with a GTKWave save file <stem>.gtkw; the testbench's goes to "
                   "<stem>_tb.vcd and <stem>_tb.gtkw");
    app.add_option("--json", json_path, "write the results as JSON");
    uint64_t inject_cycle = 0;
    CLI::Option* inject =
        app.add_option("--inject-error", inject_cycle,
                       "flip bit 0 of lane 0 of the first encoder symbol shown at or after "
                       "CYCLE, as the scoreboard sees it, to show the failure report "
                       "(the run then fails, exit 1); 0 <= CYCLE < --words")
            ->type_name("CYCLE")
            ->default_str("off");
    if (std::optional<int> code = lumen::cli::parse_options(app, argc, argv)) return *code;
    o.enc = enc_name == "8b10b" ? encoding::ENC_8B10B : encoding::ENC_64B66B;
    if (*inject) {
        // Past the last symbol the flip would never happen and the run would
        // pass: a usage error instead.
        if (inject_cycle >= inject_error_limit(o)) {
            fmt::print(stderr,
                       "lumen-cosim: error: --inject-error {}: past the run's last symbol; "
                       "allowed: 0 <= CYCLE < {} (--words)\n",
                       inject_cycle, inject_error_limit(o));
            return 2;
        }
        o.inject_error_cycle = inject_cycle;
    }
    // An output that cannot be written is a usage error, found before the run.
    std::vector<std::pair<const char*, std::string>> outputs = {{"--json", json_path}};
    if (!o.vcd.empty()) {
        outputs.emplace_back("--vcd", o.vcd);
        outputs.emplace_back("--vcd", testbench_vcd_path(o.vcd));
    }
    for (const auto& [option, path] : outputs) {
        if (path.empty()) continue;
        if (!std::ofstream(path)) {
            std::fprintf(stderr, "lumen-cosim: %s: cannot write %s\n", option, path.c_str());
            return 2;
        }
    }
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int, char*[]) {
    using namespace lumen::cosim;
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING,
                                            sc_core::SC_DISPLAY | sc_core::SC_THROW);
    // The kernel's notes (the sc_stop at the last beat, the trace timescale)
    // are no news next to the verdict.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    cosim_result r = run_cosim(options);
    std::fputs(format_report(r).c_str(), stdout);
    if (!options.vcd.empty() && !write_cosim_gtkw(r)) {
        std::fprintf(stderr, "lumen-cosim: cannot write %s or its testbench's\n",
                     gtkw_path(options.vcd).c_str());
        return 1;
    }
    if (!json_path.empty()) {
        std::ofstream out(json_path);
        out << to_json(r).dump(2) << '\n';
        if (!out) {
            std::fprintf(stderr, "lumen-cosim: cannot write %s\n", json_path.c_str());
            return 1;
        }
    }
    return r.pass() ? 0 : 1;
}
