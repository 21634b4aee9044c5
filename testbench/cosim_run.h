// SPDX-License-Identifier: Apache-2.0
// One co-simulation run: elaborates source, transactor, verilated RTL and
// scoreboard, runs them to the last decoded beat, and gives the verdict.
// SystemC elaborates once per process, so run_cosim is called once.
#pragma once

#include "models/serdes/lane_encoder_timing.h"
#include "testbench/cosim_types.h"
#include "testbench/scoreboard.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lumen::cosim {

struct cosim_options {
    encoding enc = encoding::ENC_8B10B;
    unsigned lanes = 1;    // one of built_lane_counts
    uint64_t words = 1000; // per lane
    uint64_t seed = 1;
    double backpressure = 0.0; // probability that the sink stalls a cycle, [0, 1)
    std::string vcd;           // RTL trace; the testbench's goes next to it as <stem>_tb.vcd
    // Flip bit 0 of lane 0 of the first encoder symbol shown at or after this
    // cycle, as the scoreboard sees it: 0 <= cycle < words (inject_error_limit).
    std::optional<uint64_t> inject_error_cycle;
};

// The cycles at which --inject-error is sure to find a symbol: the input
// beat numbered i is taken at edge i at the earliest, and its symbol shows
// no earlier, so the last symbol shows at edge words - 1 or later.
inline uint64_t inject_error_limit(const cosim_options& o) {
    return o.words;
}

struct cosim_result {
    cosim_options options;
    std::string encoding_name;
    bool complete = false; // every beat came out of the decoder
    uint64_t inputs = 0, symbols = 0, decoded = 0;
    uint64_t mismatches = 0;
    std::optional<scoreboard::mismatch_report> first_mismatch;
    std::optional<uint64_t> injected_cycle; // where --inject-error flipped a bit
    serdes::lane_encoder_timing model{};
    scoreboard::latency_stats latency;
    double throughput = 0.0;
    std::vector<std::string> timing_differences;
    uint64_t cycles = 0;
    double wall_s = 0.0;
    double cpu_s = 0.0; // the process's CPU time: steadier than wall time on a busy machine

    bool bit_exact() const { return complete && mismatches == 0; }
    bool timing_agrees() const { return timing_differences.empty(); }
    bool pass() const { return bit_exact() && timing_agrees(); }
    double cycles_per_second() const {
        return wall_s > 0 ? static_cast<double>(cycles) / wall_s : 0;
    }
    double cycles_per_cpu_second() const {
        return cpu_s > 0 ? static_cast<double>(cycles) / cpu_s : 0;
    }
};

cosim_result run_cosim(const cosim_options& options);

// Where the testbench's VCD goes beside the RTL's: <stem>_tb.vcd.
std::string testbench_vcd_path(const std::string& rtl_vcd);

// Each figure of the RTL that is not the model's, saying by how much.
std::vector<std::string> timing_differences(const serdes::lane_encoder_timing& model,
                                            const scoreboard::latency_stats& latency,
                                            double throughput);

std::string format_report(const cosim_result& r);
nlohmann::json to_json(const cosim_result& r);

} // namespace lumen::cosim
