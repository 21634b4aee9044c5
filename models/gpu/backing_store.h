// SPDX-License-Identifier: Apache-2.0
// The bytes behind a memory port: sparse 4 KiB pages, each of 16 blocks of
// 256 B allocated on first write. Never-written bytes read as zero, as the
// HBM model's reset state. A page is one hash lookup (none when an access
// stays on the page of the one before), so large transfers stay cheap; a
// block is what a small write costs, so a GPU that receives one 256-B write
// from each of 1,024 sources holds 256 KiB, not 4 MiB.
//
// Pages and blocks live in arrays that only grow, found by index, and the
// page table is open addressing in one array: a first write costs no
// allocation of its own, pages written together sit together in memory, and
// a large store frees in a few calls, not one per block.
//
// In the compact data mode (block_checksum.h) a block keeps its checksum
// alone, 8 B for 256: a write stores the checksum of the block's content
// after it, a read returns the block's canonical content. Whole-block
// accesses then check exactly what real bytes would; a partial one works on
// the canonical content, so a store and its shadow still agree.
#pragma once

#include "models/gpu/block_checksum.h"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace lumen {

class backing_store {
public:
    static constexpr uint64_t page_bytes = 4096;
    static constexpr uint64_t block_bytes = 256;
    static_assert(block_bytes == block_checksum::block_bytes, "a compact block is a block");

    explicit backing_store(data_mode mode = data_mode::REAL)
        : m_mode(mode) {}
    data_mode mode() const { return m_mode; }

    void write(uint64_t address, const unsigned char* data, uint64_t length);
    void read(uint64_t address, unsigned char* data, uint64_t length) const;
    // dst[i] += src[i] over the bytes / 8 64-bit words there, wrapping (a
    // reduction); in compact mode, on whole blocks, one addition per block.
    void add_words(uint64_t dst, uint64_t src, uint64_t bytes);
    // This store's [dst, dst + bytes) = `from`'s [src, src + bytes) as it
    // was before; `from` may be this store. Both in one mode.
    void copy_from(const backing_store& from, uint64_t src, uint64_t dst, uint64_t bytes);
    // The checksum of the block at `address` (a multiple of block_bytes).
    uint64_t checksum(uint64_t address) const;

private:
    static constexpr uint32_t none = ~uint32_t(0);
    static constexpr unsigned blocks_per_page = page_bytes / block_bytes;
    // Blocks are allocated this many at a time (64 KiB).
    static constexpr unsigned blocks_per_chunk = 256;
    using block = std::array<unsigned char, block_bytes>;
    // A page's blocks, by index (none: never written); one cache line.
    using page = std::array<uint32_t, blocks_per_page>;
    // A compact page: its blocks' checksums (0, that of zeros, if never written).
    using sum_page = std::array<uint64_t, blocks_per_page>;

    // The page's index (page_at, sums_at), or none when it was never written.
    uint32_t find_page(uint64_t page_number) const;
    uint32_t page_for_write(uint64_t page_number);
    unsigned char* block_data(uint32_t b) const {
        return m_chunks[b / blocks_per_chunk][b % blocks_per_chunk].data();
    }
    uint64_t& sum_for_write(uint64_t address) {
        return sums_at(page_for_write(address / page_bytes))[address % page_bytes / block_bytes];
    }
    page& page_at(uint32_t p) { return m_page_chunks[p / pages_per_chunk][p % pages_per_chunk]; }
    const page& page_at(uint32_t p) const {
        return m_page_chunks[p / pages_per_chunk][p % pages_per_chunk];
    }
    sum_page& sums_at(uint32_t p) { return m_sum_chunks[p / pages_per_chunk][p % pages_per_chunk]; }
    const sum_page& sums_at(uint32_t p) const {
        return m_sum_chunks[p / pages_per_chunk][p % pages_per_chunk];
    }
    void write_compact(uint64_t address, const unsigned char* data, uint64_t length);
    void read_compact(uint64_t address, unsigned char* data, uint64_t length) const;
    // Whole blocks, both ends: the compact mode's shortcuts apply.
    static bool whole_blocks(uint64_t a, uint64_t b, uint64_t bytes) {
        return (a | b | bytes) % block_bytes == 0;
    }

    data_mode m_mode;

    // The page table: linear probing over a power-of-two array, at most half
    // full. No page number is `empty_slot` (addresses are below 2^64).
    static constexpr uint64_t empty_slot = ~uint64_t(0);
    struct page_slot {
        uint64_t page_number = empty_slot;
        uint32_t page = none;
    };
    size_t slot_of(uint64_t page_number) const;
    void grow_table();
    std::vector<page_slot> m_table;
    // Pages come in chunks, as blocks do: a store grows without copying
    // and without a doubling array's slack, which was a third of the
    // memory of a thousand sparse stores.
    static constexpr unsigned pages_per_chunk = 64;
    std::vector<std::unique_ptr<page[]>> m_page_chunks;    // real mode
    std::vector<std::unique_ptr<sum_page[]>> m_sum_chunks; // compact mode
    uint32_t m_page_count = 0;
    std::vector<std::unique_ptr<block[]>> m_chunks;
    uint32_t m_block_count = 0;
    // The page of the last access: consecutive accesses skip the hash.
    mutable uint64_t m_last_page_number = ~uint64_t(0);
    mutable uint32_t m_last_page = none;
};

} // namespace lumen
