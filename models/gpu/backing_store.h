// SPDX-License-Identifier: Apache-2.0
// The bytes behind a memory port: sparse 4 KiB pages, each of 16 blocks of
// 256 B allocated on first write. Never-written bytes read as zero, as the
// HBM model's reset state. A page is one hash lookup, so large transfers
// stay cheap; a block is what a small write costs, so a GPU that receives
// one 256-B write from each of 1,024 sources holds 256 KiB, not 4 MiB.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace lumen {

class backing_store {
public:
    static constexpr uint64_t page_bytes = 4096;
    static constexpr uint64_t block_bytes = 256;

    void write(uint64_t address, const unsigned char* data, uint64_t length);
    void read(uint64_t address, unsigned char* data, uint64_t length) const;

private:
    using block = std::array<unsigned char, block_bytes>;
    using page = std::array<std::unique_ptr<block>, page_bytes / block_bytes>;
    std::unordered_map<uint64_t, page> m_pages;
};

} // namespace lumen
