// SPDX-License-Identifier: Apache-2.0
#include "models/workload/llm_step.h"

#include "models/core/round_up.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lumen {

namespace {

uint64_t ps_of(double flops, double tflops) {
    return uint64_t(std::llround(flops / tflops));
}

// The replicas of stage s at TP index j, in ring order.
std::vector<unsigned> replicas(const llm_params& m, unsigned s, unsigned j) {
    std::vector<unsigned> r(m.dp);
    for (unsigned d = 0; d < m.dp; ++d) r[d] = m.rank(s, d, j);
    return r;
}

// Which domain each GPU is in (-1: none).
std::vector<int> domain_of(unsigned gpus, const std::vector<std::vector<unsigned>>& domains) {
    std::vector<int> of(gpus, -1);
    for (size_t i = 0; i < domains.size(); ++i)
        for (unsigned g : domains[i])
            if (g < gpus) of[g] = int(i);
    return of;
}

// `ranks` split by domain, in order of first appearance; empty with `why`
// set when the parts differ in size.
std::vector<std::vector<unsigned>> split_by_domain(const std::vector<unsigned>& ranks,
                                                   const std::vector<int>& of, std::string& why) {
    std::vector<std::vector<unsigned>> parts;
    std::vector<int> seen;
    for (unsigned g : ranks) {
        auto it = std::find(seen.begin(), seen.end(), of[g]);
        if (it == seen.end()) {
            seen.push_back(of[g]);
            parts.emplace_back();
            it = seen.end() - 1;
        }
        parts[size_t(it - seen.begin())].push_back(g);
    }
    for (const auto& p : parts)
        if (p.size() != parts.front().size()) {
            why = "GPU " + std::to_string(p.front()) + "'s leaf holds " + std::to_string(p.size()) +
                  " replicas of its stage, GPU " + std::to_string(parts.front().front()) + "'s " +
                  std::to_string(parts.front().size());
            return {};
        }
    return parts;
}

} // namespace

const std::vector<std::string>& llm_schedule_names() {
    static const std::vector<std::string> names{"gpipe", "1f1b"};
    return names;
}

const std::vector<std::string>& llm_placement_names() {
    static const std::vector<std::string> names{"tp_inner"};
    return names;
}

const std::vector<std::string>& llm_dp_algorithm_names() {
    static const std::vector<std::string> names{"ring", "hierarchical"};
    return names;
}

uint64_t llm_params::attention_forward_ps() const {
    double B = micro_batch_size, s = sequence, h = hidden;
    return ps_of((8 * B * s * h * h + 4 * B * s * s * h) / tp, tflops);
}

uint64_t llm_params::mlp_forward_ps() const {
    double B = micro_batch_size, s = sequence, h = hidden;
    return ps_of(16 * B * s * h * h / tp, tflops);
}

uint64_t llm_params::ideal_step_ps() const {
    uint64_t stage = uint64_t(layers / pp) * 3 * (attention_forward_ps() + mlp_forward_ps());
    return uint64_t(micro_batches + pp - 1) * stage;
}

uint64_t llm_params::gradient_bytes() const {
    const uint64_t weights = 12ULL * hidden * hidden * (layers / pp);
    return round_up((weights + tp - 1) / tp * grad_bytes_per_element, 8ULL * dp);
}

std::vector<uint64_t> llm_params::dp_buckets() const {
    std::vector<uint64_t> buckets;
    if (dp < 2) return buckets;
    const uint64_t unit = 8ULL * dp, cap = std::max(unit, dp_bucket_bytes / unit * unit);
    for (uint64_t left = gradient_bytes(); left > 0; left -= buckets.back())
        buckets.push_back(std::min(cap, left));
    return buckets;
}

std::vector<pipeline_pass> stage_passes(llm_schedule schedule, unsigned stage, unsigned pp,
                                        unsigned M) {
    std::vector<pipeline_pass> passes;
    if (schedule == llm_schedule::GPIPE) {
        for (unsigned mb = 0; mb < M; ++mb) passes.push_back({false, mb});
        for (unsigned k = 0; k < M; ++k) passes.push_back({true, M - 1 - k});
        return passes;
    }
    // Stage s starts its first backward once the micro-batch has gone down
    // the pp - s - 1 stages after it and come back: it fills that time with
    // forwards, then keeps one forward per backward.
    const unsigned warmup = std::min(pp - stage - 1, M);
    for (unsigned mb = 0; mb < warmup; ++mb) passes.push_back({false, mb});
    for (unsigned k = 0; k + warmup < M; ++k) {
        passes.push_back({false, warmup + k});
        passes.push_back({true, k});
    }
    for (unsigned mb = M - warmup; mb < M; ++mb) passes.push_back({true, mb});
    return passes;
}

unsigned peak_in_flight(const std::vector<pipeline_pass>& passes) {
    unsigned held = 0, peak = 0;
    for (const auto& p : passes) {
        if (p.backward)
            --held;
        else
            peak = std::max(peak, ++held);
    }
    return peak;
}

std::string llm_placement_unsupported(const llm_params& m,
                                      const std::vector<std::vector<unsigned>>& domains) {
    if (domains.empty())
        return m.dp_algorithm == llm_dp_algorithm::HIERARCHICAL
                   ? "a hierarchical all-reduce needs more than one switch level (leaf switches)"
                   : "";
    const std::vector<int> of = domain_of(m.gpus(), domains);
    for (unsigned s = 0; s < m.pp; ++s)
        for (unsigned d = 0; d < m.dp; ++d)
            for (unsigned j = 1; j < m.tp; ++j)
                if (of[m.rank(s, d, j)] != of[m.rank(s, d, 0)])
                    return "the TP group of GPUs " + std::to_string(m.rank(s, d, 0)) + ".." +
                           std::to_string(m.rank(s, d, m.tp - 1)) + " spans two leaf switches";
    if (m.dp_algorithm != llm_dp_algorithm::HIERARCHICAL) return "";
    for (unsigned s = 0; s < m.pp; ++s) {
        std::string why;
        split_by_domain(replicas(m, s, 0), of, why);
        if (!why.empty()) return why;
    }
    return "";
}

void build_llm_step(const llm_params& m, program_builder& b, uint64_t data, uint64_t scratch,
                    uint64_t receive, uint64_t gradients, uint64_t gradient_scratch,
                    const std::vector<std::vector<unsigned>>& domains) {
    const uint64_t act = m.activation_bytes();
    const uint64_t slice = act / m.tp; // Megatron sends 1/tp of the activations per TP rank
    const unsigned per_stage = m.layers / m.pp, M = m.micro_batches;
    const unsigned next = m.dp * m.tp; // rank distance between neighbouring stages
    const uint64_t attn = m.attention_forward_ps(), mlp = m.mlp_forward_ps();
    // Tag of the transfer of micro-batch mb of replica d leaving stage s
    // (dir 0 forward, 1 backward).
    const uint32_t first = b.reserve_tags(2 * M * m.pp * m.dp);
    auto tag = [&](unsigned dir, unsigned mb, unsigned s, unsigned d) {
        return first + ((dir * M + mb) * m.pp + s) * m.dp + d;
    };
    for (unsigned s = 0; s < m.pp; ++s) {
        const std::vector<pipeline_pass> passes = stage_passes(m.schedule, s, m.pp, M);
        for (unsigned d = 0; d < m.dp; ++d) {
            std::vector<unsigned> group(m.tp);
            for (unsigned j = 0; j < m.tp; ++j) group[j] = m.rank(s, d, j);
            auto layer = [&](uint32_t label, uint64_t first_ps, uint64_t second_ps) {
                b.set_label(label);
                for (unsigned g : group) b.compute(g, first_ps);
                b.set_label(LLM_TP);
                b.ring_allreduce(group, data, scratch, act);
                b.set_label(label);
                for (unsigned g : group) b.compute(g, second_ps);
                b.set_label(LLM_TP);
                b.ring_allreduce(group, data, scratch, act);
            };
            // A pass waits for its input from the stage before (forward) or
            // after (backward), runs its layers and passes its output on.
            for (const pipeline_pass& p : passes) {
                const unsigned dir = p.backward ? 1 : 0, mb = p.micro_batch;
                const bool from = p.backward ? s + 1 < m.pp : s > 0;
                const bool to = p.backward ? s > 0 : s + 1 < m.pp;
                b.set_label(LLM_PP);
                if (from)
                    for (unsigned j = 0; j < m.tp; ++j)
                        b.post_wait(group[j], p.backward ? group[j] + next : group[j] - next,
                                    tag(dir, mb, p.backward ? s + 1 : s - 1, d));
                for (unsigned l = 0; l < per_stage; ++l)
                    if (p.backward)
                        layer(LLM_BACKWARD, 2 * mlp, 2 * attn);
                    else
                        layer(LLM_FORWARD, attn, mlp);
                b.set_label(LLM_PP);
                if (to)
                    for (unsigned j = 0; j < m.tp; ++j)
                        b.post_send(group[j], p.backward ? group[j] - next : group[j] + next,
                                    data + j * slice, receive + j * slice, slice,
                                    tag(dir, mb, s, d));
            }
        }
    }
    // Each stage's gradients, summed over its replicas bucket by bucket in
    // one buffer (the buckets are traffic, like the activations).
    b.set_label(LLM_DP);
    const std::vector<uint64_t> buckets = m.dp_buckets();
    const std::vector<int> of = domain_of(m.gpus(), domains);
    for (unsigned s = 0; s < m.pp; ++s)
        for (unsigned j = 0; j < m.tp; ++j) {
            const std::vector<unsigned> ring = replicas(m, s, j);
            std::vector<std::vector<unsigned>> groups;
            if (m.dp_algorithm == llm_dp_algorithm::HIERARCHICAL && !buckets.empty()) {
                std::string why;
                groups = split_by_domain(ring, of, why);
                if (!why.empty()) throw std::invalid_argument(why);
            }
            for (uint64_t bytes : buckets)
                if (groups.empty())
                    b.ring_allreduce(ring, gradients, gradient_scratch, bytes);
                else
                    b.hierarchical_allreduce(groups, gradients, gradient_scratch, bytes);
        }
    b.set_label(0);
}

} // namespace lumen
