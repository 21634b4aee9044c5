// SPDX-License-Identifier: Apache-2.0
#include "models/platform/collective_sizes.h"

#include "models/workload/collective_engine.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

void check_sizes(const collective_setup& setup, const std::vector<uint64_t>& sizes,
                 uint64_t memory_bytes) {
    const std::string kind = workload_kind_names()[size_t(setup.kind)];
    if (setup.kind == workload_kind::PATTERN || setup.kind == workload_kind::LLM_STEP)
        throw config_error(fmt::format(
            "sizes are for a collective, not workload.kind = {}; allowed: workload.kind = "
            "allreduce, reduce_scatter, allgather, alltoall, broadcast or sendrecv",
            kind));
    for (uint64_t bytes : sizes) {
        const std::string why = collective_bytes_unsupported(setup.kind, bytes, setup.gpus);
        if (!why.empty())
            throw config_error(fmt::format("size {} B of {} on {} GPUs {}", bytes, kind, setup.gpus,
                                           why.find("allowed") == std::string::npos
                                               ? why + "; allowed: multiples of 8"
                                               : why));
        if (setup.algorithm == allreduce_algorithm::HIERARCHICAL) {
            collective_setup s = setup;
            s.bytes = bytes;
            const std::string h = hierarchical_unsupported(s);
            if (!h.empty())
                throw config_error(fmt::format("size {} B under workload.algorithm = "
                                               "hierarchical: {}; allowed: multiples of {}",
                                               bytes, h, 8 * uint64_t(setup.gpus)));
        }
    }
    collective_setup largest = setup;
    largest.bytes = *std::max_element(sizes.begin(), sizes.end());
    if (largest.memory_needed() > memory_bytes)
        throw config_error(fmt::format(
            "size {} B needs {} B of each GPU's memory, more than memory.capacity_gib = {}; "
            "allowed: sizes that fit",
            largest.bytes, largest.memory_needed(), memory_bytes >> 30));
}

std::vector<size_row> sweep_rows(fabric_builder& f, const collective_sweep& sweep,
                                 const run_span& span, const std::vector<uint64_t>& wrong) {
    std::vector<size_row> rows;
    uint64_t start = span.start_ps;
    for (size_t k = 0; k < sweep.rounds(); ++k) {
        uint64_t end = 0;
        for (unsigned g = 0; g < f.gpus(); ++g) {
            const auto& e = dynamic_cast<const collective_engine&>(f.gpu_at(g).engine());
            const std::vector<uint64_t>& ends = e.stats().round_end_ps;
            if (ends.size() <= k) return rows; // the run stopped in round k
            end = std::max(end, ends[k]);
        }
        const collective_setup& s = sweep.round(k);
        rows.push_back(size_row_of(s.kind, s.gpus, s.bytes, double(end - start), wrong[k]));
        start = end;
    }
    return rows;
}

nlohmann::json size_rows_json(const std::vector<size_row>& rows) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows)
        j.push_back({{"size_bytes", r.size},
                     {"count", r.count},
                     {"type", r.type},
                     {"redop", r.redop},
                     {"root", r.root},
                     {"time_us", r.time_us},
                     {"algbw_GBps", r.algbw_GBps},
                     {"busbw_GBps", r.busbw_GBps},
                     {"wrong", r.wrong}});
    return j;
}

double average_busbw(const std::vector<size_row>& rows) {
    double sum = 0;
    for (const auto& r : rows) sum += r.busbw_GBps;
    return rows.empty() ? 0.0 : sum / double(rows.size());
}

} // namespace lumen
