// SPDX-License-Identifier: Apache-2.0
// Where a training step's time goes. Every GPU's timeline (when each
// operation of its program was done, as collective_engine records it) is
// cut into what the GPU was doing: computing, blocked on a TP all-reduce,
// on a stage-to-stage transfer in flight, on the gradient all-reduce, or
// idle for want of work from its neighbour stages (the pipeline bubble).
// The same cut of the timelines the programs have with communication made
// free gives the schedule's own bubble, (pp - 1) / (M + pp - 1) of the step
// for even stages (Huang et al., GPipe, NeurIPS 2019). Plain C++.
#pragma once

#include "models/workload/collective_program.h"

#include <cstdint>
#include <vector>

namespace lumen {

struct program_timeline {
    uint64_t start_ps = 0;
    std::vector<uint64_t> op_end_ps; // when each operation was done
};

// The timelines of `programs` when a send arrives the moment it is posted
// and local operations take no time: only COMPUTE advances a GPU's clock,
// and a WAIT holds it until the matching send is posted. All start at 0.
// Throws std::logic_error if some GPU never gets past a WAIT (deadlock).
std::vector<program_timeline>
free_communication_timelines(const std::vector<collective_program>& programs);

// Means over the GPUs, in ps, of a cut of [step_start, step_end] (they sum
// to the step):
// compute: in COMPUTE; tp, dp: in the operations of the TP and DP
// all-reduces (their waits, and local reductions if they take time); pp: in
// a wait for a stage-to-stage transfer after its sender posted it (the
// transfer in flight); bubble: in such a wait before its sender posted it,
// before a GPU's first operation and after its last.
struct step_breakdown {
    double compute_ps = 0, tp_ps = 0, pp_ps = 0, dp_ps = 0, bubble_ps = 0;
};
// The programs' ops carry llm_label labels (llm_step.h).
step_breakdown breakdown_of(const std::vector<collective_program>& programs,
                            const std::vector<program_timeline>& timelines, uint64_t step_start_ps,
                            uint64_t step_end_ps);

// The end of the last operation of any GPU.
uint64_t last_end_ps(const std::vector<program_timeline>& timelines);

} // namespace lumen
