// SPDX-License-Identifier: Apache-2.0
// The workloads of a platform with many GPUs (lumen-pod, lumen-fabric): the
// workload.*, llm.* and host.* keys, their cross-key checks for a given
// number of GPUs, each GPU's engine (a traffic pattern's or a collective
// program's) and the workload's report in the results.
#pragma once

#include "models/core/config.h"
#include "models/fabric/fabric_builder.h"
#include "models/gpu/traffic_engine.h"
#include "models/platform/chakra_workload.h"
#include "models/platform/fabric_run.h"
#include "models/workload/collective_sweep.h"
#include "models/workload/collective_workload.h"
#include "models/workload/traffic_pattern.h"

#include <memory>
#include <string>

namespace lumen {

class collective_engine;

void declare_workload_keys(config_schema& schema);
void declare_host_keys(config_schema& schema);
// A platform of many GPUs behind switches (pod, fabric): the common keys,
// switch.*, workload.*, llm.*, host.*, and its GPUs' defaults.
void declare_cluster_keys(config_schema& schema);

// Which keys name the GPU count and the plane interleave in errors.
struct workload_keys {
    std::string gpus = "pod.gpus";
    std::string interleave = "pod.interleave_bytes";
};
void check_workload(const config& c, unsigned gpus, const workload_keys& keys);
collective_setup collective_setup_from(const config& c, unsigned gpus, uint64_t seed);
host_params host_params_from(const config& c);
control_bus_params control_bus_params_from(const config& c);

class platform_workload {
public:
    // `gpu_capacity_GBps`: one GPU's payload capacity into the fabric (all
    // its planes), the unit of workload.injection_rate. A collective runs at
    // each of `sizes` in turn (checked by check_sizes), or at the setup's
    // bytes when it is empty. The memories hold data in `setup.data`'s mode.
    platform_workload(const config& c, collective_setup setup, const plane_interleave& map,
                      uint64_t memory_bytes, double gpu_capacity_GBps, uint64_t seed,
                      const std::vector<uint64_t>& sizes = {});

    // The engine factory for fabric_builder.
    void make_engine(unsigned g, gpu& gpu);
    // The workload section of the results: accepted load of a pattern, the
    // collective's time and bandwidths, or the training step's breakdown;
    // and the host's figures.
    void report(fabric_builder& f, const run_span& span, run_results& r) const;

private:
    void report_pattern(fabric_builder& f, const run_span& span, run_results& r) const;
    void report_collective(fabric_builder& f, const run_span& span, run_results& r) const;

    workload_kind m_kind;
    collective_setup m_setup;
    plane_interleave m_map;
    uint64_t m_memory_bytes;
    double m_capacity_GBps;
    unsigned m_request_bytes, m_max_outstanding;
    pattern_kind m_pattern_kind = pattern_kind::UNIFORM;
    traffic_params m_traffic;
    std::unique_ptr<traffic_pattern> m_traffic_pattern;
    std::unique_ptr<result_checker> m_checker;
    std::vector<collective_program> m_programs;
    std::unique_ptr<chakra_workload> m_chakra;      // workload.kind = chakra
    std::vector<collective_program> m_llm_programs; // a training step's, kept for its report
    std::vector<const collective_engine*> m_engines;
    // A collective's rounds, one per size: each GPU's verdict over all its
    // rounds, and the elements wrong in each round over all GPUs.
    std::unique_ptr<collective_sweep> m_sweep;
    std::vector<std::vector<size_t>> m_round_ends;
    std::vector<verdict> m_gpu_verdicts;
    std::vector<uint64_t> m_round_wrong;
};

} // namespace lumen
