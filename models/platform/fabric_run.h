// SPDX-License-Identifier: Apache-2.0
// One results builder for every platform: runs a fabric_builder until its
// workload is done (the host has read every counter back, or, without a
// host, every GPU's engine is done), and fills what every platform reports:
// the verdict (time limit, deadlock, host errors, links down, buffer
// overflows, requests still in switches), transactions, latency, links with
// their tiers, switches with their levels, energy. A platform adds only its
// workload's report.
#pragma once

#include "models/core/config.h"
#include "models/fabric/fabric_builder.h"
#include "models/platform/results.h"
#include "models/platform/sim_runner.h"

#include <systemc>

namespace lumen {

struct run_span {
    uint64_t start_ps = 0, end_ps = 0; // the workload's, as the host read it
    double ns() const { return double(end_ps - start_ps) / 1000.0; }
};

// Schedules the config's faults on the links they name (all when unnamed).
void schedule_faults(const config& c, fabric_builder& f);

run_span simulate_fabric(fabric_builder& f, const sc_core::sc_time& max_time,
                         progress_style progress, run_results& r);

// Payload bytes GPU g moved, as the host read them (or its engine counts).
uint64_t gpu_bytes(fabric_builder& f, unsigned g);

// The `fabric` section: counts per tier and level, diameter, bisection,
// utilization per tier, latency by switches crossed.
nlohmann::json fabric_section(fabric_builder& f, const run_results& r);

} // namespace lumen
