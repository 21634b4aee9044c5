// SPDX-License-Identifier: Apache-2.0
// The summary lines of many links, many switches and a fabric: one line of
// totals and spreads per tier or switch level (every link and switch is in
// --json), so a summary of a thousand GPUs still fits a terminal; and a
// collective's sizes as nccl-tests prints them.
#pragma once

#include "models/platform/results.h"

#include <cstdio>

namespace lumen {

void print_link_totals(std::FILE* out, const std::vector<link_result>& links);
void print_switch_totals(std::FILE* out, const std::vector<switch_result>& switches);
void print_fabric(std::FILE* out, const nlohmann::json& fabric);
void print_tco(std::FILE* out, const nlohmann::json& tco);
// A training step's time and where it went (docs/llm.md).
void print_llm_step(std::FILE* out, const nlohmann::json& workload);
// nccl-tests' table of a collective's sizes (workload.sizes) and its
// "# Avg bus bandwidth" line.
void print_size_table(std::FILE* out, const nlohmann::json& workload);

} // namespace lumen
