// SPDX-License-Identifier: Apache-2.0
// The command line every platform executable shares (DESIGN.md): --config,
// --set, --preset, --json, --vcd, --trace-filter, --seed, --print-config,
// --help, and --sizes on the platforms that run collectives. It validates the whole config before
// elaboration, runs the platform, prints the summary, writes the JSON, and maps the outcome to the
// exit code: 0 pass, 1 simulation failed, 2 usage or config error.
#pragma once

#include "models/core/config.h"
#include "models/core/tracer.h"
#include "models/platform/results.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lumen {

struct run_options {
    uint64_t seed = 1;
    std::string preset;
    tracer* trace = nullptr; // null when no VCD was asked for
    bool progress = false;   // a progress line on stderr (a terminal, and not --quiet)
    // --sizes: the collective's sizes in turn; empty: workload.collective_bytes alone.
    std::vector<uint64_t> sizes;
    bool progress_log = false; // fabric: a line per tenth of the work on stderr, even to a file
};

struct platform_description {
    std::string name;    // "p2p": the executable is lumen-p2p
    std::string summary; // one line for --help
    std::function<void(config_schema&)> declare;
    // Cross-key checks after each key is valid alone; throws config_error.
    std::function<void(const config&)> validate;
    // Set on a platform that sweeps a collective over sizes (--sizes): throws
    // config_error for sizes the validated config cannot run.
    std::function<void(const config&, const std::vector<uint64_t>&)> validate_sizes;
    // Elaborates, simulates and fills the results (config, seed, preset and
    // wall time are filled by the caller).
    std::function<void(const config&, const run_options&, run_results&)> run;
};

int platform_main(int argc, char* argv[], const platform_description& platform);

} // namespace lumen
