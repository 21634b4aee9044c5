// SPDX-License-Identifier: Apache-2.0
// The collective workloads of a pod on real buffers: which programs the GPUs
// run, what their memories hold before, and what they must hold after (every
// GPU checks its own result). The figures nccl-tests reports (algbw, busbw;
// see its doc/PERFORMANCE.md); a training step's programs come from
// llm_step.h. Plain C++.
#pragma once

#include "models/core/stats.h"
#include "models/gpu/backing_store.h"
#include "models/workload/collective_program.h"
#include "models/workload/llm_step.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lumen {

enum class workload_kind {
    PATTERN,
    ALLREDUCE,
    REDUCE_SCATTER,
    ALLGATHER,
    ALLTOALL,
    BROADCAST,
    SENDRECV,
    LLM_STEP,
    CHAKRA // a Chakra execution trace per GPU (models/platform/chakra_workload.h)
};

const std::vector<std::string>& workload_kind_names();
workload_kind workload_kind_named(const std::string& name); // one of workload_kind_names()

// How an all-reduce is laid out: one ring over every GPU, or rings inside
// each leaf switch's group and across groups (see hierarchical_allreduce).
enum class allreduce_algorithm { RING, HIERARCHICAL };

struct collective_setup {
    workload_kind kind = workload_kind::ALLREDUCE;
    allreduce_algorithm algorithm = allreduce_algorithm::RING;
    // The GPUs under each leaf switch, for the HIERARCHICAL all-reduce:
    // groups of equal size, every GPU in exactly one; the order inside a
    // group is its ring order, and the GPUs at the same place in each group
    // form a ring across groups. For an LLM step, where its GPUs sit (see
    // llm_placement_unsupported); none: one scale-up domain.
    std::vector<std::vector<unsigned>> groups;
    unsigned gpus = 8;
    uint64_t bytes = 64ULL << 20; // nccl-tests' size: the per-GPU buffer
    uint64_t seed = 1;
    unsigned broadcast_slices = 16;
    llm_params llm;
    // How the GPUs' memories hold the buffers (sim.data): the checker
    // compares words, or in compact mode each block's checksum.
    data_mode data = data_mode::REAL;

    // Where the scratch (receive) buffer starts in every GPU's memory.
    uint64_t scratch_offset() const;
    // An LLM step's gradient bucket, rounded up to whole MiB (0 without DP).
    uint64_t gradient_bucket_span() const;
    uint64_t memory_needed() const;
};

// Why `setup` cannot run the HIERARCHICAL all-reduce (not an all-reduce,
// bad groups, bytes not a multiple of 8 L G), or empty if it can; the
// platform reports it against workload.algorithm.
std::string hierarchical_unsupported(const collective_setup& setup);

// Throws std::invalid_argument for a HIERARCHICAL setup that
// hierarchical_unsupported() rejects.
std::vector<collective_program> build_programs(const collective_setup& setup);
// Writes the GPU's input buffers.
void initialize(const collective_setup& setup, unsigned gpu, backing_store& memory);
// Compares the GPU's result buffer with the expected one: 64-bit words
// checked and words that differ. An LLM step checks nothing (its buffers
// are traffic, not results).
class result_checker {
public:
    explicit result_checker(const collective_setup& setup);
    verdict check(unsigned gpu, const backing_store& memory) const;

private:
    collective_setup m_setup;
    // The expected sum of every word, for the reductions; in compact mode
    // the checksum of every block of it.
    std::vector<uint64_t> m_sum;
};

// nccl-tests: busbw = algbw x factor (2(n-1)/n all-reduce; (n-1)/n
// reduce-scatter, all-gather, all-to-all; 1 broadcast and send/recv).
double bus_factor(workload_kind kind, unsigned gpus);

} // namespace lumen
