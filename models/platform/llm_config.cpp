// SPDX-License-Identifier: Apache-2.0
#include "models/platform/llm_config.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

void declare_llm_parallelism_keys(config_schema& s) {
    const llm_params m;
    s.add_integer("llm.dp", m.dp, 1, 1024, "replicas",
                  "data-parallel degree (replicas of the pipeline); llm.tp x llm.pp x llm.dp = "
                  "GPUs");
    s.add_choice("llm.schedule", llm_schedule_names()[size_t(m.schedule)], llm_schedule_names(),
                 "gpipe: every forward, then every backward; 1f1b: one forward, one backward in "
                 "turn after a warm-up");
    s.add_choice("llm.placement", llm_placement_names()[size_t(m.placement)], llm_placement_names(),
                 "tp_inner: rank = (stage x llm.dp + replica) x llm.tp + TP index, a TP group "
                 "under one leaf switch, stages across");
    s.add_choice("llm.dp_algorithm", llm_dp_algorithm_names()[size_t(m.dp_algorithm)],
                 llm_dp_algorithm_names(),
                 "the gradient all-reduce over a stage's replicas: one ring, or rings inside and "
                 "across leaf switches (lumen-fabric)");
    s.add_integer("llm.grad_bytes_per_element", m.grad_bytes_per_element, 1, 8, "B",
                  "bytes per gradient element in the data-parallel all-reduce");
    s.add_integer("llm.dp_bucket_bytes", int64_t(m.dp_bucket_bytes), 8, 1LL << 40, "B",
                  "gradients all-reduced at once; the buckets follow one another");
}

namespace {

template <class E> E named(const std::vector<std::string>& names, const std::string& name) {
    return E(std::find(names.begin(), names.end(), name) - names.begin());
}

} // namespace

void llm_parallelism_from(const config& c, llm_params& m) {
    m.dp = unsigned(c.integer("llm.dp"));
    m.schedule = named<llm_schedule>(llm_schedule_names(), c.choice("llm.schedule"));
    m.placement = named<llm_placement>(llm_placement_names(), c.choice("llm.placement"));
    m.dp_algorithm =
        named<llm_dp_algorithm>(llm_dp_algorithm_names(), c.choice("llm.dp_algorithm"));
    m.grad_bytes_per_element = unsigned(c.integer("llm.grad_bytes_per_element"));
    m.dp_bucket_bytes = uint64_t(c.integer("llm.dp_bucket_bytes"));
}

void check_llm_placement(const collective_setup& setup) {
    if (setup.kind != workload_kind::LLM_STEP) return;
    llm_params tp_only = setup.llm;
    tp_only.dp_algorithm = llm_dp_algorithm::RING;
    std::string why = llm_placement_unsupported(tp_only, setup.groups);
    if (!why.empty())
        throw config_error(fmt::format("llm.placement = tp_inner: {}; allowed: llm.tp dividing "
                                       "the GPUs under a leaf switch",
                                       why));
    why = llm_placement_unsupported(setup.llm, setup.groups);
    if (!why.empty())
        throw config_error(fmt::format("llm.dp_algorithm = hierarchical: {}; allowed: ring, or "
                                       "replicas of a stage spread evenly over leaf switches",
                                       why));
}

void report_llm_step(const llm_params& m, const std::vector<collective_program>& programs,
                     const std::vector<program_timeline>& timelines, const run_span& span,
                     nlohmann::json& w) {
    const step_breakdown b = breakdown_of(programs, timelines, span.start_ps, span.end_ps);
    const std::vector<program_timeline> free = free_communication_timelines(programs);
    const double free_ps = double(last_end_ps(free));
    const step_breakdown fb = breakdown_of(programs, free, 0, last_end_ps(free));
    const double step_ps = double(span.end_ps - span.start_ps);
    unsigned peak = 0;
    for (unsigned s = 0; s < m.pp; ++s)
        peak = std::max(peak, peak_in_flight(stage_passes(m.schedule, s, m.pp, m.micro_batches)));
    w.update(
        {{"dp", m.dp},
         {"schedule", llm_schedule_names()[size_t(m.schedule)]},
         {"placement", llm_placement_names()[size_t(m.placement)]},
         {"dp_algorithm", llm_dp_algorithm_names()[size_t(m.dp_algorithm)]},
         {"compute_us", b.compute_ps / 1e6},
         {"tp_comm_us", b.tp_ps / 1e6},
         {"pp_comm_us", b.pp_ps / 1e6},
         {"dp_comm_us", b.dp_ps / 1e6},
         {"bubble_us", b.bubble_ps / 1e6},
         {"bubble_fraction", step_ps > 0 ? b.bubble_ps / step_ps : 0.0},
         {"free_comm_step_time_us", free_ps / 1e6},
         {"free_comm_bubble_fraction", free_ps > 0 ? fb.bubble_ps / free_ps : 0.0},
         {"exposed_comm_us", (step_ps - free_ps) / 1e6},
         {"peak_inflight_micro_batches", peak},
         {"gradient_bytes", m.dp > 1 ? m.gradient_bytes() : 0},
         {"dp_buckets", m.dp_buckets().size()},
         {"tokens_per_step", m.tokens_per_step()},
         {"tokens_per_s", step_ps > 0 ? double(m.tokens_per_step()) / (step_ps * 1e-12) : 0.0}});
}

} // namespace lumen
