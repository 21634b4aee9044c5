// SPDX-License-Identifier: Apache-2.0
// A collective at many sizes in one run, as nccl-tests sweeps them (its -b,
// -e and -f options): one round per size, each round the collective on its
// own freshly initialized buffers and checked before the next begins, the
// rounds apart by a barrier, and nccl-tests' table row of each round (its
// size conventions and bus bandwidth factors, doc/PERFORMANCE.md of
// nccl-tests). Plain C++.
#pragma once

#include "models/core/stats.h"
#include "models/gpu/backing_store.h"
#include "models/workload/collective_program.h"
#include "models/workload/collective_workload.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lumen {

// Why `bytes` cannot be the size of a `kind` collective on `gpus` GPUs, or
// empty: every collective moves whole 64-bit words, and those that deal the
// buffer into one chunk per GPU (all-reduce, reduce-scatter, all-gather,
// all-to-all) need equal chunks, a multiple of 8 x gpus. Broadcast and
// send/recv need whole words only.
std::string collective_bytes_unsupported(workload_kind kind, uint64_t bytes, unsigned gpus);

// The sizes MIN, MIN x FACTOR, ... up to MAX.
std::vector<uint64_t> size_steps(uint64_t min, uint64_t max, uint64_t factor);

class collective_sweep {
public:
    // One round per size of `setup`'s collective (its `bytes` is replaced by
    // each size in turn); every size must pass collective_bytes_unsupported.
    collective_sweep(const collective_setup& setup, const std::vector<uint64_t>& sizes);

    size_t rounds() const { return m_rounds.size(); }
    const collective_setup& round(size_t k) const { return m_rounds[k]; }
    // Bytes of each GPU's memory the largest round uses.
    uint64_t memory_needed() const;

    // Every GPU's program: each round's collective, then, between rounds, a
    // barrier through GPU 0 (every GPU raises a flag in GPU 0 with a send of
    // no bytes, GPU 0 raises one in every GPU once all have come): no GPU
    // writes into a peer for round k + 1 before the peer has checked round k.
    // Flags cost no time, so the barrier releases every GPU at the moment the
    // last one finishes round k, as nccl-tests' host barrier between sizes
    // does outside its timed region. round_ends[g][k]: where round k's
    // operations end in GPU g's program (before its barrier).
    struct programs_t {
        std::vector<collective_program> programs;
        std::vector<std::vector<size_t>> round_ends;
    };
    programs_t programs() const;

    // Before round k on GPU `gpu`: zeroes the memory round k uses (a result
    // left from an earlier round never passes for a delivered one), then
    // writes the GPU's inputs. Round 0 runs on fresh memory, which reads zero.
    void prepare(size_t k, unsigned gpu, backing_store& memory) const;
    // After round k on GPU `gpu`: its result buffer against the expected one.
    // The rounds come in order: GPU by GPU, round k is checked before any
    // round k + 1 (the barrier), so one round's expected sums are kept.
    verdict check(size_t k, unsigned gpu, const backing_store& memory);

private:
    std::vector<collective_setup> m_rounds;
    size_t m_checker_round = 0;
    std::unique_ptr<result_checker> m_checker;
};

// One row of nccl-tests' table: size (B) as nccl-tests prints it (the whole
// buffer: for all-gather the gathered one, for reduce-scatter the one that
// is reduced, for all-to-all all that one GPU sends), count the elements of
// the call's count argument (per GPU for all-gather, reduce-scatter and
// all-to-all), type and redop of the elements (64-bit words, summed),
// root (-1 but for broadcast), time, algbw = size / time, busbw = algbw x
// bus_factor, and the elements wrong over every GPU.
struct size_row {
    uint64_t size = 0, count = 0;
    std::string type, redop;
    int root = -1;
    double time_us = 0, algbw_GBps = 0, busbw_GBps = 0;
    uint64_t wrong = 0;
};

size_row size_row_of(workload_kind kind, unsigned gpus, uint64_t bytes, double time_ps,
                     uint64_t wrong);

} // namespace lumen
