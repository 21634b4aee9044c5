// SPDX-License-Identifier: Apache-2.0
#include "testbench/cosim_run.h"

#include "testbench/lane_reference.h"
#include "testbench/pin_transactor.h"
#include "testbench/pins.h"
#include "testbench/word_source.h"

#include "Vcosim_64b66b_l1.h"
#include "Vcosim_64b66b_l16.h"
#include "Vcosim_64b66b_l4.h"
#include "Vcosim_64b66b_l8.h"
#include "Vcosim_8b10b_l1.h"
#include "Vcosim_8b10b_l16.h"
#include "Vcosim_8b10b_l4.h"
#include "Vcosim_8b10b_l8.h"
#include <verilated.h>
#include <verilated_vcd_sc.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <stdexcept>

namespace lumen::cosim {

namespace {

constexpr double clock_period_ns = 1.0;

template <typename Vtop, template <typename> class Pins>
cosim_result run_variant(const cosim_options& o) {
    std::unique_ptr<lane_reference> reference = make_lane_reference(o.enc, o.lanes);
    cosim_result r;
    r.options = o;
    r.encoding_name = reference->name();
    r.model = reference->timing();

    sc_core::sc_clock clk("clk", clock_period_ns, sc_core::SC_NS);
    bool tracing = !o.vcd.empty();
    if (tracing) Verilated::traceEverOn(true);
    // One simulation thread. Verilator's default is one per core: the first
    // model then starts a worker thread, which the SystemC kernel never
    // needs and which lives until the context's static destructor joins it
    // at exit, racing LeakSanitizer's exit-time scan of every thread (a
    // crash in about one run in five with --vcd, where tracing uses it).
    Verilated::threadContextp()->threads(1);
    Vtop rtl("rtl");
    word_source source("source", *reference, o.lanes, o.words, o.seed);
    pin_transactor<Pins<Vtop>> xactor("xactor", rtl, clk, o.words, o.backpressure, o.seed);
    if (o.inject_error_cycle) xactor.inject_error(*o.inject_error_cycle);
    scoreboard sb("scoreboard", *reference, o.lanes);
    source.words_out.bind(xactor.words_in);
    xactor.beats_out.bind(sb.beats_in);
    rtl.sb_checked_i(sb.checked);
    rtl.sb_mismatch_i(sb.mismatch);

    sc_core::sc_trace_file* tb_trace = nullptr;
    std::unique_ptr<VerilatedVcdSc> rtl_trace;
    if (tracing) {
        // sc_create_vcd_trace_file adds the ".vcd" itself.
        std::string tb = testbench_vcd_path(o.vcd);
        tb_trace = sc_core::sc_create_vcd_trace_file(tb.substr(0, tb.size() - 4).c_str());
        xactor.pins.trace(tb_trace);
        sb.trace(tb_trace);
    }
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    if (tracing) {
        rtl_trace = std::make_unique<VerilatedVcdSc>();
        rtl.trace(rtl_trace.get(), 99);
        rtl_trace->open(o.vcd.c_str());
    }

    // A stalled RTL stops here instead of hanging: twice the cycles the
    // back-pressure alone explains, plus slack for the pipeline.
    double limit_cycles = 2.0 * static_cast<double>(o.words) / (1.0 - o.backpressure) + 1000.0;
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    sc_core::sc_start(limit_cycles * clock_period_ns, sc_core::SC_NS);
    r.cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rtl_trace) rtl_trace->close();
    if (tb_trace) sc_core::sc_close_vcd_trace_file(tb_trace);
    rtl.final();

    r.complete = xactor.done() && sb.inputs() == o.words;
    r.inputs = sb.inputs();
    r.symbols = sb.symbols_checked();
    r.decoded = sb.decoded_checked();
    r.mismatches = sb.mismatches();
    r.first_mismatch = sb.first_mismatch();
    r.injected_cycle = xactor.injected_cycle();
    r.latency = sb.latency();
    r.throughput = xactor.throughput();
    r.cycles = xactor.cycles();

    r.timing_differences = timing_differences(r.model, r.latency, r.throughput);
    return r;
}

} // namespace

std::string testbench_vcd_path(const std::string& rtl_vcd) {
    std::filesystem::path p(rtl_vcd);
    return (p.parent_path() / (p.stem().string() + "_tb.vcd")).string();
}

std::vector<std::string> timing_differences(const serdes::lane_encoder_timing& model,
                                            const scoreboard::latency_stats& latency,
                                            double throughput) {
    std::vector<std::string> d;
    if (latency.count == 0) {
        d.push_back("latency: the RTL sent no symbol");
    } else if (latency.min != model.latency_cycles || latency.max != model.latency_cycles) {
        uint64_t worst = latency.max != model.latency_cycles ? latency.max : latency.min;
        d.push_back(
            fmt::format("latency: RTL {}..{} cycles, model {} cycles, differs by {:+d}",
                        latency.min, latency.max, model.latency_cycles,
                        static_cast<int64_t>(worst) - static_cast<int64_t>(model.latency_cycles)));
    }
    double want = model.symbols_per_cycle;
    if (std::fabs(throughput - want) > 1e-9) {
        d.push_back(fmt::format("throughput: RTL {:.6f} symbols/cycle/lane, model {}, differs by "
                                "{:+.6f}",
                                throughput, model.symbols_per_cycle, throughput - want));
    }
    return d;
}

cosim_result run_cosim(const cosim_options& o) {
    bool b = o.enc == encoding::ENC_8B10B;
    switch (o.lanes) {
    case 1:
        return b ? run_variant<Vcosim_8b10b_l1, pins_8b10b>(o)
                 : run_variant<Vcosim_64b66b_l1, pins_64b66b>(o);
    case 4:
        return b ? run_variant<Vcosim_8b10b_l4, pins_8b10b>(o)
                 : run_variant<Vcosim_64b66b_l4, pins_64b66b>(o);
    case 8:
        return b ? run_variant<Vcosim_8b10b_l8, pins_8b10b>(o)
                 : run_variant<Vcosim_64b66b_l8, pins_64b66b>(o);
    case 16:
        return b ? run_variant<Vcosim_8b10b_l16, pins_8b10b>(o)
                 : run_variant<Vcosim_64b66b_l16, pins_64b66b>(o);
    default:
        throw std::invalid_argument(fmt::format("no RTL built for {} lanes", o.lanes));
    }
}

std::string format_report(const cosim_result& r) {
    const cosim_options& o = r.options;
    std::string s =
        fmt::format("lumen-cosim: {}, {} lanes, {} words per lane, seed {}, back-pressure {}\n",
                    r.encoding_name, o.lanes, o.words, o.seed, o.backpressure);
    if (o.inject_error_cycle) {
        s += r.injected_cycle
                 ? fmt::format("injected error: bit 0 of lane 0 flipped in the encoder "
                               "symbol of cycle {} (--inject-error {})\n",
                               *r.injected_cycle, *o.inject_error_cycle)
                 : fmt::format("injected error: no encoder symbol at or after cycle "
                               "{} (--inject-error)\n",
                               *o.inject_error_cycle);
    }
    s += fmt::format("verdict: {} ({}, {})\n", r.pass() ? "PASS" : "FAIL",
                     r.bit_exact() ? "bit-exact" : "NOT bit-exact",
                     r.timing_agrees() ? "timing agrees" : "timing DIFFERS");
    s += fmt::format("checked: {} input beats, {} encoder beats, {} decoder beats; {} mismatches\n",
                     r.inputs, r.symbols, r.decoded, r.mismatches);
    if (!r.complete)
        s +=
            fmt::format("incomplete: {} of {} beats came out of the decoder\n", r.decoded, o.words);
    if (r.first_mismatch) {
        const auto& m = *r.first_mismatch;
        s += fmt::format("first mismatch: cycle {}, lane {}, {}: input {}, expected {}, got {}\n",
                         m.cycle, m.lane, m.where, m.input, m.expected, m.got);
    }
    double mean = r.latency.count
                      ? static_cast<double>(r.latency.sum) / static_cast<double>(r.latency.count)
                      : 0.0;
    s += fmt::format("latency:    RTL min {} max {} mean {:.3f} cycles | model {} cycles\n",
                     r.latency.count ? r.latency.min : 0, r.latency.max, mean,
                     r.model.latency_cycles);
    s += fmt::format("throughput: RTL {:.6f} | model {} symbols/cycle/lane (while the sink is "
                     "ready)\n",
                     r.throughput, r.model.symbols_per_cycle);
    for (const std::string& d : r.timing_differences) s += fmt::format("timing differs: {}\n", d);
    s += fmt::format("speed: {} encoder cycles in {:.3f} s = {:.0f} cycles/s ({:.0f} per CPU "
                     "second)\n",
                     r.cycles, r.wall_s, r.cycles_per_second(), r.cycles_per_cpu_second());
    return s;
}

nlohmann::json to_json(const cosim_result& r) {
    const cosim_options& o = r.options;
    nlohmann::json j;
    j["encoding"] = r.encoding_name;
    j["lanes"] = o.lanes;
    j["words"] = o.words;
    j["seed"] = o.seed;
    j["backpressure"] = o.backpressure;
    j["pass"] = r.pass();
    j["bit_exact"] = r.bit_exact();
    j["timing_agrees"] = r.timing_agrees();
    j["complete"] = r.complete;
    j["beats"] = {{"input", r.inputs}, {"encoded", r.symbols}, {"decoded", r.decoded}};
    j["mismatches"] = r.mismatches;
    if (r.first_mismatch) {
        const auto& m = *r.first_mismatch;
        j["first_mismatch"] = {{"cycle", m.cycle}, {"lane", m.lane},         {"where", m.where},
                               {"input", m.input}, {"expected", m.expected}, {"got", m.got}};
    }
    j["latency_cycles"] = {{"rtl_min", r.latency.count ? r.latency.min : 0},
                           {"rtl_max", r.latency.max},
                           {"rtl_mean", r.latency.count ? static_cast<double>(r.latency.sum) /
                                                              static_cast<double>(r.latency.count)
                                                        : 0.0},
                           {"model", r.model.latency_cycles}};
    j["throughput_symbols_per_cycle_per_lane"] = {{"rtl", r.throughput},
                                                  {"model", r.model.symbols_per_cycle}};
    if (o.inject_error_cycle) {
        j["inject_error"] = {{"requested_cycle", *o.inject_error_cycle}, {"lane", 0}, {"bit", 0}};
        j["inject_error"]["cycle"] =
            r.injected_cycle ? nlohmann::json(*r.injected_cycle) : nlohmann::json(nullptr);
    }
    j["timing_differences"] = r.timing_differences;
    j["cycles"] = r.cycles;
    j["wall_time_s"] = r.wall_s;
    j["cycles_per_second"] = r.cycles_per_second();
    j["cpu_time_s"] = r.cpu_s;
    j["cycles_per_cpu_second"] = r.cycles_per_cpu_second();
    return j;
}

} // namespace lumen::cosim
