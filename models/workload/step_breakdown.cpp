// SPDX-License-Identifier: Apache-2.0
#include "models/workload/step_breakdown.h"

#include "models/workload/llm_step.h"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>
#include <tuple>

namespace lumen {

namespace {

// (receiver, sender, tag): a send and the wait it releases.
using send_key = std::tuple<unsigned, unsigned, uint32_t>;

} // namespace

std::vector<program_timeline>
free_communication_timelines(const std::vector<collective_program>& programs) {
    const size_t n = programs.size();
    std::vector<program_timeline> t(n);
    std::vector<size_t> pc(n, 0);
    std::vector<uint64_t> now(n, 0);
    for (size_t g = 0; g < n; ++g) t[g].op_end_ps.assign(programs[g].size(), 0);
    std::map<send_key, std::deque<uint64_t>> posted; // when each send not yet waited for was posted
    for (bool progress = true; progress;) {
        progress = false;
        for (unsigned g = 0; g < n; ++g) {
            while (pc[g] < programs[g].size()) {
                const collective_op& op = programs[g][pc[g]];
                if (op.kind == collective_op::SEND) {
                    posted[{op.peer, g, op.tag}].push_back(now[g]);
                } else if (op.kind == collective_op::WAIT) {
                    auto it = posted.find({g, op.peer, op.tag});
                    if (it == posted.end() || it->second.empty()) break;
                    now[g] = std::max(now[g], it->second.front());
                    it->second.pop_front();
                } else if (op.kind == collective_op::COMPUTE) {
                    now[g] += op.compute_ps;
                }
                t[g].op_end_ps[pc[g]++] = now[g];
                progress = true;
            }
        }
    }
    for (size_t g = 0; g < n; ++g)
        if (pc[g] < programs[g].size())
            throw std::logic_error("GPU " + std::to_string(g) + " waits forever at operation " +
                                   std::to_string(pc[g]));
    return t;
}

step_breakdown breakdown_of(const std::vector<collective_program>& programs,
                            const std::vector<program_timeline>& timelines, uint64_t step_start_ps,
                            uint64_t step_end_ps) {
    const size_t n = programs.size();
    // When each stage-to-stage send was posted, in the order of its sender's program.
    std::map<send_key, std::deque<uint64_t>> posted;
    for (unsigned g = 0; g < n; ++g)
        for (size_t i = 0; i < programs[g].size(); ++i) {
            const collective_op& op = programs[g][i];
            if (op.kind == collective_op::SEND && op.label == LLM_PP)
                posted[{op.peer, g, op.tag}].push_back(timelines[g].op_end_ps[i]);
        }
    auto clamp = [&](uint64_t t) { return std::min(std::max(t, step_start_ps), step_end_ps); };
    step_breakdown sum;
    for (unsigned g = 0; g < n; ++g) {
        const program_timeline& tl = timelines[g];
        uint64_t begin = clamp(tl.start_ps);
        sum.bubble_ps += double(begin - step_start_ps);
        for (size_t i = 0; i < programs[g].size(); ++i) {
            const collective_op& op = programs[g][i];
            const uint64_t end = clamp(tl.op_end_ps[i]);
            const double span = double(end - begin);
            switch (op.label) {
            case LLM_FORWARD:
            case LLM_BACKWARD:
                sum.compute_ps += span;
                break;
            case LLM_TP:
                sum.tp_ps += span;
                break;
            case LLM_DP:
                sum.dp_ps += span;
                break;
            case LLM_PP:
                if (op.kind == collective_op::WAIT) {
                    auto& sends = posted[{g, op.peer, op.tag}];
                    const uint64_t sent = sends.empty() ? begin : clamp(sends.front());
                    if (!sends.empty()) sends.pop_front();
                    const uint64_t split = std::min(std::max(sent, begin), end);
                    sum.bubble_ps += double(split - begin);
                    sum.pp_ps += double(end - split);
                } else {
                    sum.pp_ps += span;
                }
                break;
            default: // not part of a training step: idle as far as the step goes
                sum.bubble_ps += span;
                break;
            }
            begin = end;
        }
        sum.bubble_ps += double(step_end_ps - begin);
    }
    const double gpus = double(std::max<size_t>(n, 1));
    return {sum.compute_ps / gpus, sum.tp_ps / gpus, sum.pp_ps / gpus, sum.dp_ps / gpus,
            sum.bubble_ps / gpus};
}

uint64_t last_end_ps(const std::vector<program_timeline>& timelines) {
    uint64_t last = 0;
    for (const auto& t : timelines)
        for (uint64_t e : t.op_end_ps) last = std::max(last, e);
    return last;
}

} // namespace lumen
