// SPDX-License-Identifier: Apache-2.0
// The bytes a Chakra job moves, made real: before the run every GPU writes
// the inputs of each collective it joins and of each message it sends into
// that call's own buffer (chakra/trace_job.h lays them out); after, it
// compares what it received with what the call must leave there (the sum of
// an all-reduce, its chunk of a reduce-scatter, every rank's chunk of an
// all-gather, the senders' chunks of an all-to-all, the root's buffer of a
// broadcast, the sender's bytes of a message). Plain C++.
#pragma once

#include "models/core/stats.h"
#include "models/gpu/backing_store.h"
#include "models/workload/chakra/trace_job.h"

#include <cstdint>

namespace lumen {

void initialize_chakra(const chakra::job& j, unsigned rank, uint64_t seed, backing_store& memory);
verdict check_chakra(const chakra::job& j, unsigned rank, uint64_t seed,
                     const backing_store& memory);

} // namespace lumen
