// SPDX-License-Identifier: Apache-2.0
// The bytes behind a memory port: sparse 4 KiB pages, allocated on first
// write. Never-written bytes read as zero, as the HBM model's reset state.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace lumen {

class backing_store {
public:
    static constexpr uint64_t page_bytes = 4096;

    void write(uint64_t address, const unsigned char* data, uint64_t length);
    void read(uint64_t address, unsigned char* data, uint64_t length) const;
    size_t pages() const { return m_pages.size(); }

private:
    using page = std::array<unsigned char, page_bytes>;
    std::unordered_map<uint64_t, std::unique_ptr<page>> m_pages;
};

} // namespace lumen
