// SPDX-License-Identifier: Apache-2.0
#include "models/workload/collective_program.h"

namespace lumen {

namespace {

collective_op send_op(unsigned to, uint64_t src, uint64_t dst, uint64_t bytes, uint32_t tag) {
    collective_op op{collective_op::SEND};
    op.peer = to;
    op.src = src;
    op.dst = dst;
    op.bytes = bytes;
    op.tag = tag;
    return op;
}

collective_op wait_op(unsigned from, uint32_t tag) {
    collective_op op{collective_op::WAIT};
    op.peer = from;
    op.tag = tag;
    return op;
}

collective_op local_op(collective_op::kind_t kind, uint64_t src, uint64_t dst, uint64_t bytes) {
    collective_op op{kind};
    op.src = src;
    op.dst = dst;
    op.bytes = bytes;
    return op;
}

} // namespace

void program_builder::ring_reduce_scatter(const std::vector<unsigned>& ranks, uint64_t data,
                                          uint64_t scratch, uint64_t bytes) {
    const unsigned q = unsigned(ranks.size());
    auto begin = [&](unsigned c) { return chunk_begin(bytes, q, c); };
    auto size = [&](unsigned c) { return begin(c + 1) - begin(c); };
    // Step k: rank i sends its partial sum of chunk i-k-1 to rank i+1, which
    // adds it to its own; after q-1 steps rank i holds the sum of chunk i.
    for (unsigned k = 0; k + 1 < q; ++k) {
        uint32_t tag = m_next_tag++;
        for (unsigned i = 0; i < q; ++i) {
            unsigned c = (i + 2 * q - k - 1) % q;
            add(ranks[i],
                send_op(ranks[(i + 1) % q], data + begin(c), scratch + begin(c), size(c), tag));
            unsigned r = (i + 2 * q - k - 2) % q; // the chunk rank i-1 sends it
            add(ranks[i], wait_op(ranks[(i + q - 1) % q], tag));
            add(ranks[i],
                local_op(collective_op::REDUCE, scratch + begin(r), data + begin(r), size(r)));
        }
    }
}

void program_builder::ring_allgather(const std::vector<unsigned>& ranks, uint64_t data,
                                     uint64_t bytes) {
    const unsigned q = unsigned(ranks.size());
    auto begin = [&](unsigned c) { return chunk_begin(bytes, q, c); };
    // Step k: rank i forwards chunk i-k (its own at k = 0) to rank i+1.
    for (unsigned k = 0; k + 1 < q; ++k) {
        uint32_t tag = m_next_tag++;
        for (unsigned i = 0; i < q; ++i) {
            unsigned c = (i + q - k) % q;
            add(ranks[i], send_op(ranks[(i + 1) % q], data + begin(c), data + begin(c),
                                  begin(c + 1) - begin(c), tag));
            add(ranks[i], wait_op(ranks[(i + q - 1) % q], tag));
        }
    }
}

void program_builder::ring_allreduce(const std::vector<unsigned>& ranks, uint64_t data,
                                     uint64_t scratch, uint64_t bytes) {
    ring_reduce_scatter(ranks, data, scratch, bytes);
    ring_allgather(ranks, data, bytes);
}

void program_builder::hierarchical_allreduce(const std::vector<std::vector<unsigned>>& groups,
                                             uint64_t data, uint64_t scratch, uint64_t bytes) {
    const unsigned L = unsigned(groups.front().size()), G = unsigned(groups.size());
    auto begin = [&](unsigned c) { return chunk_begin(bytes, L, c); };
    for (const auto& group : groups) ring_reduce_scatter(group, data, scratch, bytes);
    // Phase b starts at a GPU as soon as its own phase a ends, while its
    // successor across groups may still await phase a's last chunk (its own,
    // i) in scratch. So ring i works in the one scratch chunk phase a never
    // fills at local index i: chunk i-1, which that GPU only ever sends.
    for (unsigned i = 0; i < L; ++i) {
        std::vector<unsigned> across(G);
        for (unsigned g = 0; g < G; ++g) across[g] = groups[g][i];
        ring_allreduce(across, data + begin(i), scratch + begin((i + L - 1) % L),
                       begin(i + 1) - begin(i));
    }
    for (const auto& group : groups) ring_allgather(group, data, bytes);
}

void program_builder::alltoall(const std::vector<unsigned>& ranks, uint64_t data, uint64_t scratch,
                               uint64_t bytes) {
    const unsigned q = unsigned(ranks.size());
    auto begin = [&](unsigned c) { return chunk_begin(bytes, q, c); };
    uint32_t tag = m_next_tag++;
    for (unsigned i = 0; i < q; ++i) {
        // Staggered destinations (i+1, i+2, ...), so that not every rank
        // starts on the same target.
        for (unsigned d = 1; d < q; ++d) {
            unsigned j = (i + d) % q;
            add(ranks[i], send_op(ranks[j], data + begin(j), scratch + begin(i),
                                  begin(j + 1) - begin(j), tag));
        }
        add(ranks[i], local_op(collective_op::COPY, data + begin(i), scratch + begin(i),
                               begin(i + 1) - begin(i)));
        for (unsigned d = 1; d < q; ++d) add(ranks[i], wait_op(ranks[(i + q - d) % q], tag));
    }
}

void program_builder::ring_broadcast(const std::vector<unsigned>& ranks, uint64_t data,
                                     uint64_t bytes, unsigned slices) {
    const unsigned q = unsigned(ranks.size());
    uint32_t first_tag = m_next_tag;
    m_next_tag += slices;
    for (unsigned i = 0; i < q; ++i)
        for (unsigned s = 0; s < slices; ++s) {
            uint64_t b = chunk_begin(bytes, slices, s), e = chunk_begin(bytes, slices, s + 1);
            if (i > 0) add(ranks[i], wait_op(ranks[i - 1], first_tag + s));
            if (i + 1 < q)
                add(ranks[i], send_op(ranks[i + 1], data + b, data + b, e - b, first_tag + s));
        }
}

void program_builder::ring_shift(const std::vector<unsigned>& ranks, uint64_t src, uint64_t dst,
                                 uint64_t bytes) {
    const unsigned q = unsigned(ranks.size());
    uint32_t tag = m_next_tag++;
    for (unsigned i = 0; i < q; ++i) {
        add(ranks[i], send_op(ranks[(i + 1) % q], src, dst, bytes, tag));
        add(ranks[i], wait_op(ranks[(i + q - 1) % q], tag));
    }
}

void program_builder::send_recv(unsigned from, unsigned to, uint64_t src, uint64_t dst,
                                uint64_t bytes) {
    uint32_t tag = m_next_tag++;
    add(from, send_op(to, src, dst, bytes, tag));
    add(to, wait_op(from, tag));
}

void program_builder::post_send(unsigned from, unsigned to, uint64_t src, uint64_t dst,
                                uint64_t bytes, uint32_t tag) {
    add(from, send_op(to, src, dst, bytes, tag));
}

void program_builder::post_wait(unsigned gpu, unsigned from, uint32_t tag) {
    add(gpu, wait_op(from, tag));
}

void program_builder::compute(unsigned gpu, uint64_t ps) {
    collective_op op{collective_op::COMPUTE};
    op.compute_ps = ps;
    add(gpu, op);
}

} // namespace lumen
