// SPDX-License-Identifier: Apache-2.0
// A collective swept over sizes on a platform of many GPUs (lumen-pod,
// lumen-fabric --sizes): the sizes' checks against the config, and
// nccl-tests' table of the run, one row per size, from the times each GPU's
// engine finished each round.
#pragma once

#include "models/core/config.h"
#include "models/fabric/fabric_builder.h"
#include "models/platform/fabric_run.h"
#include "models/workload/collective_sweep.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace lumen {

// Throws config_error, saying what is allowed, unless every size can run
// `setup`'s workload (a collective; whole words, equal chunks, a
// hierarchical all-reduce's groups) in `memory_bytes` of each GPU.
void check_sizes(const collective_setup& setup, const std::vector<uint64_t>& sizes,
                 uint64_t memory_bytes);

// One row per round every GPU finished. Round k ran from the end of round
// k - 1 (the barrier released every GPU then; round 0 from the run's start)
// until the last GPU finished its round k operations, when the last write
// into it had landed. `wrong[k]`: elements wrong in round k over all GPUs.
std::vector<size_row> sweep_rows(fabric_builder& f, const collective_sweep& sweep,
                                 const run_span& span, const std::vector<uint64_t>& wrong);

// The rows as workload.sizes[] (the table's fields, JSON-named with units).
nlohmann::json size_rows_json(const std::vector<size_row>& rows);
// nccl-tests' average of busbw over the rows ("# Avg bus bandwidth").
double average_busbw(const std::vector<size_row>& rows);

} // namespace lumen
