// SPDX-License-Identifier: Apache-2.0
// sim.data: how a cluster platform's memories hold the workload's data,
// real bytes or a checksum per 256-B block (models/gpu/block_checksum.h;
// docs/data_modes.md), and auto, which keeps real bytes while they fit a
// budget. The mode changes what a run holds, never its timing.
#pragma once

#include "models/core/config.h"
#include "models/gpu/block_checksum.h"
#include "models/platform/workload_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lumen {

// Real bytes over all GPUs past which auto picks compact.
constexpr uint64_t data_budget_bytes = 256ULL << 20;

void declare_data_keys(config_schema& schema);
// The mode a run of `gpus` GPUs uses, with the collective at each of
// `sizes` (workload.collective_bytes when empty). Throws config_error for
// sim.data = compact on a workload it cannot represent exactly.
data_mode data_mode_from(const config& c, unsigned gpus, const workload_keys& keys,
                         const std::vector<uint64_t>& sizes = {});

} // namespace lumen
