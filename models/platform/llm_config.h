// SPDX-License-Identifier: Apache-2.0
// The parallelism of an LLM training step (workload.kind = llm_step): the
// llm.dp, llm.schedule, llm.placement and gradient all-reduce keys beside
// llm.tp and llm.pp, the check that the step fits where its GPUs sit, and
// the step's figures in the results: its time cut into compute, TP, PP and
// DP communication and the pipeline bubble; exposed communication; tokens
// per second (docs/llm.md).
#pragma once

#include "models/core/config.h"
#include "models/platform/fabric_run.h"
#include "models/workload/collective_workload.h"
#include "models/workload/step_breakdown.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace lumen {

void declare_llm_parallelism_keys(config_schema& schema);
void llm_parallelism_from(const config& c, llm_params& m);

// Throws config_error naming llm.placement or llm.dp_algorithm when the
// step's TP groups or replicas do not fit the setup's leaf groups.
void check_llm_placement(const collective_setup& setup);

// Adds the step's figures to `workload`, from its programs and the
// timelines the GPUs ran them on over `span`.
void report_llm_step(const llm_params& m, const std::vector<collective_program>& programs,
                     const std::vector<program_timeline>& timelines, const run_span& span,
                     nlohmann::json& workload);

} // namespace lumen
