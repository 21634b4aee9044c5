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
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace lumen {

class backing_store {
public:
    static constexpr uint64_t page_bytes = 4096;
    static constexpr uint64_t block_bytes = 256;

    void write(uint64_t address, const unsigned char* data, uint64_t length);
    void read(uint64_t address, unsigned char* data, uint64_t length) const;

private:
    static constexpr uint32_t none = ~uint32_t(0);
    static constexpr unsigned blocks_per_page = page_bytes / block_bytes;
    // Blocks are allocated this many at a time (64 KiB).
    static constexpr unsigned blocks_per_chunk = 256;
    using block = std::array<unsigned char, block_bytes>;
    // A page's blocks, by index (none: never written); one cache line.
    using page = std::array<uint32_t, blocks_per_page>;

    // The page's index in m_pages, or none when it was never written.
    uint32_t find_page(uint64_t page_number) const;
    uint32_t page_for_write(uint64_t page_number);
    unsigned char* block_data(uint32_t b) const {
        return m_chunks[b / blocks_per_chunk][b % blocks_per_chunk].data();
    }

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
    std::vector<page> m_pages;
    std::vector<std::unique_ptr<block[]>> m_chunks;
    uint32_t m_block_count = 0;
    // The page of the last access: consecutive accesses skip the hash.
    mutable uint64_t m_last_page_number = ~uint64_t(0);
    mutable uint32_t m_last_page = none;
};

} // namespace lumen
