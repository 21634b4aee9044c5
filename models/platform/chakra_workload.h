// SPDX-License-Identifier: Apache-2.0
// workload.kind = chakra on a platform of many GPUs (lumen-pod,
// lumen-fabric): the traces workload.trace names, one per GPU, replayed by a
// chakra_engine per GPU; the check that they fit the platform; and the
// report: per rank and in total, time in compute, in communication and in
// communication not hidden behind compute (exposed), and each collective
// call's time and bandwidths as a collective run reports them.
#pragma once

#include "models/core/config.h"
#include "models/fabric/fabric_builder.h"
#include "models/platform/fabric_run.h"
#include "models/workload/chakra/trace_job.h"
#include "models/workload/chakra_engine.h"
#include "models/workload/chakra_plan.h"

#include <vector>

namespace lumen {

void declare_chakra_keys(config_schema& schema);
// Reads every trace; throws config_error naming the file and node at fault.
chakra::job chakra_job_from(const config& c, unsigned gpus);

class chakra_workload {
public:
    chakra_workload(const config& c, unsigned gpus, const plane_interleave& map,
                    uint64_t memory_bytes, uint64_t seed);

    void make_engine(unsigned g, gpu& gpu);
    void report(fabric_builder& f, const run_span& span, run_results& r) const;

private:
    chakra::job m_job;
    std::vector<chakra_rank_plan> m_plans;
    std::vector<const chakra_engine*> m_engines;
    collective_engine_params m_params;
    uint64_t m_seed;
    std::string m_prefix;
};

// The per-rank and per-call tables of a chakra run's summary.
void print_chakra_tables(std::FILE* out, const nlohmann::json& workload);

} // namespace lumen
