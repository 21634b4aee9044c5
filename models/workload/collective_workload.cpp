// SPDX-License-Identifier: Apache-2.0
#include "models/workload/collective_workload.h"

#include "models/core/round_up.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace lumen {

namespace {

// Input word `i` of GPU `gpu`: 32 random bits, so sums over up to 2^32 GPUs
// are exact in 64-bit words.
uint64_t input_word(uint64_t seed, unsigned gpu, uint64_t i) {
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + (uint64_t(gpu) << 40) + i;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL; // splitmix64 finalizer
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (z ^ (z >> 31)) & 0xFFFFFFFFULL;
}

std::vector<unsigned> all_ranks(unsigned gpus) {
    std::vector<unsigned> r(gpus);
    std::iota(r.begin(), r.end(), 0u);
    return r;
}

} // namespace

const std::vector<std::string>& workload_kind_names() {
    static const std::vector<std::string> names{"pattern",   "allreduce", "reduce_scatter",
                                                "allgather", "alltoall",  "broadcast",
                                                "sendrecv",  "llm_step",  "chakra"};
    return names;
}

workload_kind workload_kind_named(const std::string& name) {
    const auto& names = workload_kind_names();
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return workload_kind(i);
    throw std::invalid_argument("unknown workload kind " + name);
}

uint64_t collective_setup::scratch_offset() const {
    uint64_t data = kind == workload_kind::LLM_STEP ? llm.activation_bytes() : bytes;
    return round_up(data, 1 << 20);
}

uint64_t collective_setup::gradient_bucket_span() const {
    const std::vector<uint64_t> buckets = llm.dp_buckets();
    return buckets.empty() ? 0 : round_up(buckets.front(), 1 << 20);
}

uint64_t collective_setup::memory_needed() const {
    switch (kind) {
    case workload_kind::ALLREDUCE:
    case workload_kind::REDUCE_SCATTER:
    case workload_kind::ALLTOALL:
    case workload_kind::SENDRECV:
        return scratch_offset() + bytes;
    case workload_kind::LLM_STEP: // data, scratch, pipeline receive; a gradient bucket, its scratch
        return 3 * scratch_offset() + 2 * gradient_bucket_span();
    default:
        return bytes;
    }
}

std::string hierarchical_unsupported(const collective_setup& setup) {
    if (setup.kind != workload_kind::ALLREDUCE) return "hierarchical applies to allreduce only";
    const auto& groups = setup.groups;
    if (groups.empty() || groups.front().empty())
        return "hierarchical needs non-empty groups of GPUs (one per leaf switch)";
    const uint64_t L = groups.front().size(), G = groups.size();
    std::vector<unsigned> seen(setup.gpus, 0);
    for (size_t g = 0; g < G; ++g) {
        if (groups[g].size() != L)
            return "hierarchical needs groups of equal size: group 0 has " + std::to_string(L) +
                   " GPUs, group " + std::to_string(g) + " " + std::to_string(groups[g].size());
        for (unsigned gpu : groups[g]) {
            if (gpu >= setup.gpus)
                return "group " + std::to_string(g) + " names GPU " + std::to_string(gpu) + " of " +
                       std::to_string(setup.gpus);
            if (seen[gpu]++) return "GPU " + std::to_string(gpu) + " is in more than one group";
        }
    }
    if (L * G != setup.gpus)
        return "the groups hold " + std::to_string(L * G) + " of the " +
               std::to_string(setup.gpus) + " GPUs";
    // Equal chunks of whole words at both levels: phase b's scratch borrows
    // a neighbouring chunk of phase a, which must be as large.
    if (setup.bytes % (8 * L * G) != 0)
        return "bytes = " + std::to_string(setup.bytes) + " is not a multiple of 8 x " +
               std::to_string(L) + " GPUs per group x " + std::to_string(G) + " groups";
    return "";
}

std::vector<collective_program> build_programs(const collective_setup& setup) {
    // A hierarchical request on any other kind is an error too, not a ring.
    if (setup.algorithm == allreduce_algorithm::HIERARCHICAL) {
        std::string why = hierarchical_unsupported(setup);
        if (!why.empty()) throw std::invalid_argument(why);
    }
    program_builder b(setup.gpus);
    std::vector<unsigned> ranks = all_ranks(setup.gpus);
    uint64_t scratch = setup.scratch_offset();
    switch (setup.kind) {
    case workload_kind::ALLREDUCE:
        if (setup.algorithm == allreduce_algorithm::HIERARCHICAL)
            b.hierarchical_allreduce(setup.groups, 0, scratch, setup.bytes);
        else
            b.ring_allreduce(ranks, 0, scratch, setup.bytes);
        break;
    case workload_kind::REDUCE_SCATTER:
        b.ring_reduce_scatter(ranks, 0, scratch, setup.bytes);
        break;
    case workload_kind::ALLGATHER:
        b.ring_allgather(ranks, 0, setup.bytes);
        break;
    case workload_kind::ALLTOALL:
        b.alltoall(ranks, 0, scratch, setup.bytes);
        break;
    case workload_kind::BROADCAST:
        b.ring_broadcast(ranks, 0, setup.bytes, setup.broadcast_slices);
        break;
    case workload_kind::SENDRECV:
        b.ring_shift(ranks, 0, scratch, setup.bytes);
        break;
    case workload_kind::LLM_STEP:
        build_llm_step(setup.llm, b, 0, scratch, 2 * scratch, 3 * scratch,
                       3 * scratch + setup.gradient_bucket_span(), setup.groups);
        break;
    case workload_kind::PATTERN:
    case workload_kind::CHAKRA: // its programs come from the traces (chakra_plan.h)
        break;
    }
    return b.take();
}

void initialize(const collective_setup& setup, unsigned gpu, backing_store& memory) {
    uint64_t bytes =
        setup.kind == workload_kind::LLM_STEP ? setup.llm.activation_bytes() : setup.bytes;
    uint64_t first = 0, last = bytes / 8;
    if (setup.kind == workload_kind::ALLGATHER) { // only its own chunk
        first = program_builder::chunk_begin(bytes, setup.gpus, gpu) / 8;
        last = program_builder::chunk_begin(bytes, setup.gpus, gpu + 1) / 8;
    } else if (setup.kind == workload_kind::BROADCAST && gpu != 0) {
        return;
    }
    // A block at a time: a large buffer needs no copy of its own.
    std::vector<uint64_t> words(backing_store::block_bytes / 8);
    for (uint64_t at = first; at < last; at += words.size()) {
        const uint64_t n = std::min<uint64_t>(words.size(), last - at);
        for (uint64_t i = 0; i < n; ++i) words[i] = input_word(setup.seed, gpu, at + i);
        memory.write(at * 8, reinterpret_cast<const unsigned char*>(words.data()), n * 8);
    }
}

result_checker::result_checker(const collective_setup& setup)
    : m_setup(setup) {
    if (setup.kind != workload_kind::ALLREDUCE && setup.kind != workload_kind::REDUCE_SCATTER)
        return;
    // Compact: the sum's checksum per block, which is the sum of the inputs'.
    const bool compact = setup.data == data_mode::COMPACT;
    const uint64_t words = setup.bytes / 8;
    m_sum.assign(compact ? words / block_checksum::block_words : words, 0);
    for (unsigned r = 0; r < setup.gpus; ++r)
        for (uint64_t i = 0; i < words; ++i) {
            const uint64_t x = input_word(setup.seed, r, i);
            if (compact)
                m_sum[i / block_checksum::block_words] +=
                    block_checksum::weight(unsigned(i % block_checksum::block_words)) * x;
            else
                m_sum[i] += x;
        }
}

verdict result_checker::check(unsigned gpu, const backing_store& memory) const {
    const collective_setup& setup = m_setup;
    verdict v;
    if (setup.kind == workload_kind::LLM_STEP || setup.kind == workload_kind::PATTERN) return v;
    const unsigned n = setup.gpus;
    const uint64_t words = setup.bytes / 8;
    auto chunk = [&](unsigned c) { return program_builder::chunk_begin(setup.bytes, n, c) / 8; };
    // The result region (in words from `base`) and the expected word at each index.
    uint64_t first = 0, last = words, base = 0;
    if (setup.kind == workload_kind::REDUCE_SCATTER) {
        first = chunk(gpu);
        last = chunk(gpu + 1);
    } else if (setup.kind == workload_kind::ALLTOALL || setup.kind == workload_kind::SENDRECV) {
        base = setup.scratch_offset();
    }
    const bool compact = setup.data == data_mode::COMPACT;
    auto expected = [&](uint64_t i) -> uint64_t {
        switch (setup.kind) {
        case workload_kind::ALLREDUCE:
        case workload_kind::REDUCE_SCATTER:
            return m_sum[i];
        case workload_kind::ALLGATHER: {
            unsigned owner = 0;
            while (chunk(owner + 1) <= i) ++owner;
            return input_word(setup.seed, owner, i);
        }
        case workload_kind::ALLTOALL: {
            // Scratch chunk s holds chunk `gpu` of sender s's data (equal chunks).
            unsigned s = 0;
            while (chunk(s + 1) <= i) ++s;
            return input_word(setup.seed, s, chunk(gpu) + (i - chunk(s)));
        }
        case workload_kind::BROADCAST:
            return input_word(setup.seed, 0, i);
        case workload_kind::SENDRECV:
            return input_word(setup.seed, (gpu + n - 1) % n, i);
        default:
            return 0;
        }
    };
    if (compact) { // whole blocks (check_data_mode): each block's checksum
        const unsigned per_block = block_checksum::block_words;
        const bool summed =
            setup.kind == workload_kind::ALLREDUCE || setup.kind == workload_kind::REDUCE_SCATTER;
        for (uint64_t i = first; i < last; i += per_block) {
            uint64_t sum = 0;
            if (summed)
                sum = m_sum[i / per_block];
            else
                for (unsigned j = 0; j < per_block; ++j)
                    sum += block_checksum::weight(j) * expected(i + j);
            v.words_checked += per_block;
            // A block whose checksum differs counts all its words wrong.
            if (memory.checksum(base + i * 8) != sum) v.words_wrong += per_block;
        }
        return v;
    }
    // A block at a time: a large buffer needs no copy of its own.
    std::vector<uint64_t> got(backing_store::block_bytes / 8);
    for (uint64_t at = first; at < last; at += got.size()) {
        const uint64_t n = std::min<uint64_t>(got.size(), last - at);
        memory.read(base + at * 8, reinterpret_cast<unsigned char*>(got.data()), n * 8);
        for (uint64_t i = 0; i < n; ++i) {
            ++v.words_checked;
            if (got[i] != expected(at + i)) ++v.words_wrong;
        }
    }
    return v;
}

double bus_factor(workload_kind kind, unsigned gpus) {
    double n = gpus;
    switch (kind) {
    case workload_kind::ALLREDUCE:
        return 2 * (n - 1) / n;
    case workload_kind::REDUCE_SCATTER:
    case workload_kind::ALLGATHER:
    case workload_kind::ALLTOALL:
        return (n - 1) / n;
    default:
        return 1;
    }
}

} // namespace lumen
