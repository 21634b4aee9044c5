// SPDX-License-Identifier: Apache-2.0
// The programs the collective engines of a pod run: per GPU, a list of
// operations (send a buffer into a peer's memory, wait for a peer's send,
// reduce or copy locally, compute for a while), as a communication library's
// kernels and a training framework's compute interleave them. The builders
// lay out the classical algorithms over real buffers: ring reduce-scatter,
// ring all-gather and their composition, ring all-reduce (Patarasuk and Yuan,
// "Bandwidth optimal all-reduce algorithms for clusters of workstations",
// JPDC 2009), its hierarchical form over leaf switches, all-to-all,
// pipelined ring broadcast, send/recv, and a tensor- and pipeline-parallel
// training step. Plain C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lumen {

struct collective_op {
    enum kind_t : uint8_t {
        SEND,    // write `bytes` from local `src` into `peer`'s memory at `dst`; asynchronous
        WAIT,    // until every write of `peer`'s send with `tag` has completed
        REDUCE,  // local: dst[i] += src[i], 64-bit words, wrapping
        COPY,    // local: dst = src
        COMPUTE, // busy for `compute_ps`
    } kind;
    unsigned peer = 0;
    uint64_t src = 0, dst = 0, bytes = 0; // offsets inside a GPU's memory
    uint32_t tag = 0;
    uint64_t compute_ps = 0;
    uint32_t label = 0; // what the op is part of, for reports (program_builder::set_label)
};

using collective_program = std::vector<collective_op>;

// Appends operations to the programs of `gpus` GPUs; each group collective
// takes the ranks that join it, in ring order, and fresh tags.
class program_builder {
public:
    explicit program_builder(unsigned gpus)
        : m_programs(gpus) {}

    // Ring reduce-scatter of the `bytes` at `data` (64-bit words): afterwards
    // the i-th rank holds the sum of chunk i in its `data`; chunks arrive in
    // `scratch` (same size as `data`) before they are added.
    void ring_reduce_scatter(const std::vector<unsigned>& ranks, uint64_t data, uint64_t scratch,
                             uint64_t bytes);
    // Ring all-gather: the i-th rank starts with chunk i of `data`; afterwards
    // every rank holds every chunk.
    void ring_allgather(const std::vector<unsigned>& ranks, uint64_t data, uint64_t bytes);
    // Reduce-scatter then all-gather: every rank ends with the sum.
    void ring_allreduce(const std::vector<unsigned>& ranks, uint64_t data, uint64_t scratch,
                        uint64_t bytes);
    // Two-level all-reduce over `groups` of equal size L (the GPUs under each
    // leaf switch), G groups: ring reduce-scatter inside each group (local
    // index i keeps the group's sum of chunk i of L), ring all-reduce of chunk
    // i across the G GPUs at local index i (L rings at once, the only traffic
    // between groups), ring all-gather inside each group. `bytes` a multiple
    // of 8 L G, so that every chunk and sub-chunk is whole words and equal.
    void hierarchical_allreduce(const std::vector<std::vector<unsigned>>& groups, uint64_t data,
                                uint64_t scratch, uint64_t bytes);
    // Rank i sends chunk j of `data` to rank j's `scratch` at chunk i; its
    // own chunk is a local copy.
    void alltoall(const std::vector<unsigned>& ranks, uint64_t data, uint64_t scratch,
                  uint64_t bytes);
    // The first rank's `data` reaches every rank's `data` along the ring in
    // `slices` pipelined pieces.
    void ring_broadcast(const std::vector<unsigned>& ranks, uint64_t data, uint64_t bytes,
                        unsigned slices);
    // Every rank sends `bytes` at its `src` to the next rank's `dst`, at once
    // (nccl-tests' sendrecv).
    void ring_shift(const std::vector<unsigned>& ranks, uint64_t src, uint64_t dst, uint64_t bytes);
    // One point-to-point transfer and its matching wait.
    void send_recv(unsigned from, unsigned to, uint64_t src, uint64_t dst, uint64_t bytes);
    void compute(unsigned gpu, uint64_t ps);
    // Halves of a point-to-point transfer, for schedules that place them
    // apart; the tag comes from reserve_tags().
    void post_send(unsigned from, unsigned to, uint64_t src, uint64_t dst, uint64_t bytes,
                   uint32_t tag);
    void post_wait(unsigned gpu, unsigned from, uint32_t tag);
    uint32_t reserve_tags(uint32_t count) {
        uint32_t first = m_next_tag;
        m_next_tag += count;
        return first;
    }

    // Stamps the operations appended from now on, so that a report can tell
    // which part of a workload (a training step's TP, PP or DP traffic) each
    // one belongs to.
    void set_label(uint32_t label) { m_label = label; }

    std::vector<collective_program> take() { return std::move(m_programs); }

    // Byte range [first, last) of chunk `c` of `parts` over `bytes`, in whole words.
    static uint64_t chunk_begin(uint64_t bytes, unsigned parts, unsigned c) {
        return bytes / 8 * c / parts * 8;
    }

private:
    void add(unsigned gpu, collective_op op) {
        op.label = m_label;
        m_programs[gpu].push_back(op);
    }

    std::vector<collective_program> m_programs;
    uint32_t m_next_tag = 0;
    uint32_t m_label = 0;
};

} // namespace lumen
