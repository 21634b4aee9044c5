// SPDX-License-Identifier: Apache-2.0
#include "models/workload/chakra_buffers.h"

#include "models/workload/collective_program.h"

#include <algorithm>
#include <vector>

namespace lumen {

using chakra::coll_kind;

namespace {

// Input word `i` of the member at `position` of call `item`: 32 random bits,
// so that sums over any group are exact in 64-bit words.
uint64_t word(uint64_t seed, uint64_t item, unsigned position, uint64_t i) {
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + (item << 20) * 0xD1B54A32D192ED03ULL +
                 (uint64_t(position) << 44) + i;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL; // splitmix64 finalizer
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (z ^ (z >> 31)) & 0xFFFFFFFFULL;
}

void write_words(backing_store& m, uint64_t at, const std::vector<uint64_t>& w) {
    m.write(at, reinterpret_cast<const unsigned char*>(w.data()), w.size() * 8);
}

std::vector<uint64_t> read_words(const backing_store& m, uint64_t at, uint64_t count) {
    std::vector<uint64_t> w(count);
    m.read(at, reinterpret_cast<unsigned char*>(w.data()), count * 8);
    return w;
}

unsigned position_of(const chakra::collective_call& c, unsigned rank) {
    return unsigned(std::find(c.ranks.begin(), c.ranks.end(), rank) - c.ranks.begin());
}

// Messages follow the collectives in the item numbering of the inputs.
uint64_t message_item(const chakra::job& j, size_t m) {
    return j.collectives.size() + m;
}

} // namespace

void initialize_chakra(const chakra::job& j, unsigned rank, uint64_t seed, backing_store& memory) {
    for (size_t k = 0; k < j.collectives.size(); ++k) {
        const chakra::collective_call& c = j.collectives[k];
        const unsigned p = position_of(c, rank);
        if (p == c.ranks.size()) continue;
        const unsigned q = unsigned(c.ranks.size());
        uint64_t first = 0, last = c.bytes / 8;
        if (c.kind == coll_kind::ALL_GATHER) { // only its own chunk
            first = program_builder::chunk_begin(c.bytes, q, p) / 8;
            last = program_builder::chunk_begin(c.bytes, q, p + 1) / 8;
        } else if (c.kind == coll_kind::BROADCAST && p != 0) {
            continue;
        }
        std::vector<uint64_t> w(last - first);
        for (uint64_t i = first; i < last; ++i) w[i - first] = word(seed, k, p, i);
        write_words(memory, c.data + first * 8, w);
    }
    for (size_t m = 0; m < j.messages.size(); ++m) {
        const chakra::message& msg = j.messages[m];
        if (msg.src != rank) continue;
        std::vector<uint64_t> w((msg.bytes + 7) / 8);
        for (uint64_t i = 0; i < w.size(); ++i) w[i] = word(seed, message_item(j, m), 0, i);
        write_words(memory, msg.offset, w);
    }
}

verdict check_chakra(const chakra::job& j, unsigned rank, uint64_t seed,
                     const backing_store& memory) {
    verdict v;
    for (size_t k = 0; k < j.collectives.size(); ++k) {
        const chakra::collective_call& c = j.collectives[k];
        const unsigned p = position_of(c, rank);
        if (p == c.ranks.size()) continue;
        const unsigned q = unsigned(c.ranks.size());
        const uint64_t words = c.bytes / 8;
        auto chunk = [&](unsigned i) { return program_builder::chunk_begin(c.bytes, q, i) / 8; };
        auto owner = [&](uint64_t i) {
            unsigned o = 0;
            while (chunk(o + 1) <= i) ++o;
            return o;
        };
        uint64_t first = 0, last = words, base = c.data;
        if (c.kind == coll_kind::REDUCE_SCATTER) {
            first = chunk(p);
            last = chunk(p + 1);
        } else if (c.kind == coll_kind::ALL_TO_ALL) {
            base = c.scratch;
        }
        const std::vector<uint64_t> got = read_words(memory, base + first * 8, last - first);
        for (uint64_t i = first; i < last; ++i) {
            uint64_t expected = 0;
            switch (c.kind) {
            case coll_kind::ALL_REDUCE:
            case coll_kind::BARRIER:
            case coll_kind::REDUCE_SCATTER:
                for (unsigned s = 0; s < q; ++s) expected += word(seed, k, s, i);
                break;
            case coll_kind::ALL_GATHER:
                expected = word(seed, k, owner(i), i);
                break;
            case coll_kind::ALL_TO_ALL: {
                // Scratch chunk s holds chunk p of sender s's data (equal chunks).
                const unsigned s = owner(i);
                expected = word(seed, k, s, chunk(p) + (i - chunk(s)));
                break;
            }
            case coll_kind::BROADCAST:
                expected = word(seed, k, 0, i);
                break;
            }
            ++v.words_checked;
            if (got[i - first] != expected) ++v.words_wrong;
        }
    }
    for (size_t m = 0; m < j.messages.size(); ++m) {
        const chakra::message& msg = j.messages[m];
        if (msg.dst != rank) continue;
        const std::vector<uint64_t> got = read_words(memory, msg.offset, (msg.bytes + 7) / 8);
        for (uint64_t i = 0; i < got.size(); ++i) {
            // The last word may be partly outside the message: only its bytes count.
            const uint64_t valid = std::min<uint64_t>(8, msg.bytes - i * 8);
            const uint64_t mask = valid == 8 ? ~0ULL : (1ULL << (8 * valid)) - 1;
            ++v.words_checked;
            if ((got[i] ^ word(seed, message_item(j, m), 0, i)) & mask) ++v.words_wrong;
        }
    }
    return v;
}

} // namespace lumen
