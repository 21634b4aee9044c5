// SPDX-License-Identifier: Apache-2.0
// lumen-bench-cosim: how fast the co-simulation runs the lane-encoder RTL,
// in encoder clock cycles per wall-clock second, for 8 lanes with tracing
// off and a sink that is always ready (every cycle carries a beat). The run
// must still be bit-exact, else the figure means nothing: exit 1.
#include "models/core/cli.h"
#include "testbench/cosim_run.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <systemc>

namespace {

lumen::cosim::cosim_options options;

} // namespace

int main(int argc, char* argv[]) {
    std::string enc_name = "8b10b";
    options.lanes = 8;
    options.words = 1000000;
    CLI::App app{"lumen-bench-cosim: co-simulation speed, encoder cycles per second",
                 "lumen-bench-cosim"};
    app.add_option("--encoding", enc_name, "line code")->check(CLI::IsMember({"8b10b", "64b66b"}));
    app.add_option("--words", options.words, "words per lane")
        ->check(CLI::Range(1000ull, 1ull << 40));
    if (std::optional<int> code = lumen::cli::parse_options(app, argc, argv)) return *code;
    options.enc = enc_name == "8b10b" ? lumen::cosim::encoding::ENC_8B10B
                                      : lumen::cosim::encoding::ENC_64B66B;
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int, char*[]) {
    // The kernel's notes (the sc_stop at the last beat) are no news here.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    lumen::cosim::cosim_result r = lumen::cosim::run_cosim(options);
    std::printf("cosim %s, %u lanes, tracing off: %llu encoder cycles in %.3f s = %.0f cycles/s,"
                " %.0f per CPU second (%s)\n",
                r.encoding_name.c_str(), options.lanes, static_cast<unsigned long long>(r.cycles),
                r.wall_s, r.cycles_per_second(), r.cycles_per_cpu_second(),
                r.pass() ? "bit-exact, timing agrees" : "FAILED");
    return r.pass() ? 0 : 1;
}
