// SPDX-License-Identifier: Apache-2.0
#include "models/workload/collective_sweep.h"

#include <algorithm>
#include <stdexcept>

namespace lumen {

namespace {

bool chunked(workload_kind kind) {
    return kind != workload_kind::BROADCAST && kind != workload_kind::SENDRECV;
}

// The largest tag a set of programs uses, plus one.
uint32_t tags_used(const std::vector<collective_program>& programs) {
    uint32_t next = 0;
    for (const auto& p : programs)
        for (const auto& op : p)
            if (op.kind == collective_op::SEND || op.kind == collective_op::WAIT)
                next = std::max(next, op.tag + 1);
    return next;
}

collective_op flag_op(collective_op::kind_t kind, unsigned peer, uint32_t tag) {
    collective_op op{kind};
    op.peer = peer;
    op.tag = tag; // a SEND of no bytes: the flag alone
    return op;
}

} // namespace

std::string collective_bytes_unsupported(workload_kind kind, uint64_t bytes, unsigned gpus) {
    if (bytes == 0 || bytes % 8 != 0) return "is not a whole number of 8-byte words (> 0)";
    if (chunked(kind) && bytes % (8 * uint64_t(gpus)) != 0)
        return "does not split into " + std::to_string(gpus) +
               " equal chunks of 8-byte words; allowed: a multiple of " +
               std::to_string(8 * uint64_t(gpus));
    return "";
}

std::vector<uint64_t> size_steps(uint64_t min, uint64_t max, uint64_t factor) {
    if (min == 0 || min > max || factor < 2)
        throw std::invalid_argument("sizes need 0 < MIN <= MAX and FACTOR >= 2");
    std::vector<uint64_t> sizes;
    for (uint64_t s = min; s <= max; s *= factor) {
        sizes.push_back(s);
        if (s > max / factor) break; // the next would pass MAX (or overflow)
    }
    return sizes;
}

collective_sweep::collective_sweep(const collective_setup& setup,
                                   const std::vector<uint64_t>& sizes) {
    for (uint64_t bytes : sizes) {
        const std::string why = collective_bytes_unsupported(setup.kind, bytes, setup.gpus);
        if (!why.empty()) throw std::invalid_argument(std::to_string(bytes) + " B " + why);
        collective_setup s = setup;
        s.bytes = bytes;
        m_rounds.push_back(s);
    }
    if (m_rounds.empty()) throw std::invalid_argument("a sweep needs at least one size");
}

uint64_t collective_sweep::memory_needed() const {
    uint64_t most = 0;
    for (const auto& r : m_rounds) most = std::max(most, r.memory_needed());
    return most;
}

collective_sweep::programs_t collective_sweep::programs() const {
    const unsigned n = m_rounds.front().gpus;
    programs_t out;
    out.programs.resize(n);
    out.round_ends.resize(n);
    auto& all = out.programs;
    uint32_t base = 0; // each round's tags after the previous round's
    for (size_t k = 0; k < m_rounds.size(); ++k) {
        std::vector<collective_program> round = build_programs(m_rounds[k]);
        for (unsigned g = 0; g < n; ++g) {
            for (collective_op op : round[g]) {
                op.tag += base;
                all[g].push_back(op);
            }
            out.round_ends[g].push_back(all[g].size());
        }
        base += tags_used(round);
        if (k + 1 == m_rounds.size()) break;
        const uint32_t barrier = base++;
        for (unsigned g = 1; g < n; ++g) {
            all[g].push_back(flag_op(collective_op::SEND, 0, barrier));
            all[g].push_back(flag_op(collective_op::WAIT, 0, barrier));
            all[0].push_back(flag_op(collective_op::WAIT, g, barrier));
        }
        for (unsigned g = 1; g < n; ++g) all[0].push_back(flag_op(collective_op::SEND, g, barrier));
    }
    return out;
}

void collective_sweep::prepare(size_t k, unsigned gpu, backing_store& memory) const {
    const collective_setup& s = m_rounds[k];
    if (k > 0) {
        const std::vector<unsigned char> zeros(1 << 20, 0);
        const uint64_t used = s.memory_needed();
        for (uint64_t at = 0; at < used; at += zeros.size())
            memory.write(at, zeros.data(), std::min<uint64_t>(zeros.size(), used - at));
    }
    initialize(s, gpu, memory);
}

verdict collective_sweep::check(size_t k, unsigned gpu, const backing_store& memory) {
    if (!m_checker || m_checker_round != k) {
        m_checker = std::make_unique<result_checker>(m_rounds[k]);
        m_checker_round = k;
    }
    return m_checker->check(gpu, memory);
}

size_row size_row_of(workload_kind kind, unsigned gpus, uint64_t bytes, double time_ps,
                     uint64_t wrong) {
    size_row r;
    r.size = bytes;
    r.count = bytes / 8 / (chunked(kind) && kind != workload_kind::ALLREDUCE ? gpus : 1);
    r.type = "uint64";
    r.redop =
        kind == workload_kind::ALLREDUCE || kind == workload_kind::REDUCE_SCATTER ? "sum" : "none";
    r.root = kind == workload_kind::BROADCAST ? 0 : -1;
    r.time_us = time_ps / 1e6;
    r.algbw_GBps = time_ps > 0 ? double(bytes) / (time_ps / 1000.0) : 0.0;
    r.busbw_GBps = r.algbw_GBps * bus_factor(kind, gpus);
    r.wrong = wrong;
    return r;
}

} // namespace lumen
