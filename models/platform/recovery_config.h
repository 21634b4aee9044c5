// SPDX-License-Identifier: Apache-2.0
// The gpu.retry_* keys: how long a GPU waits for a response before it sends
// the request again over another path, and how often (docs/faults.md).
#pragma once

#include "models/core/config.h"
#include "models/fabric/fabric_builder.h"

namespace lumen {

void declare_recovery_keys(config_schema& s);

// The worst-case time from a request's injection to its response in
// `spec`'s fabric, as the default timeout derives it: every request the
// GPUs may have in flight queued at one link or memory port, plus the path's
// fixed latencies and a retraining per hop.
uint64_t worst_case_response_ps(const fabric_spec& spec, uint64_t outstanding_bytes_per_gpu);

// gpu.retry_timeout_us (0: twice worst_case_response_ps) and gpu.retry_limit.
recovery_params recovery_params_from(const config& c, const fabric_spec& spec);

} // namespace lumen
