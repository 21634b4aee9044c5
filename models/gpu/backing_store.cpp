// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/backing_store.h"

#include <algorithm>
#include <cstring>

namespace lumen {

void backing_store::write(uint64_t address, const unsigned char* data, uint64_t length) {
    page* p = nullptr;
    uint64_t page_number = ~uint64_t(0);
    while (length > 0) {
        uint64_t offset = address % block_bytes;
        uint64_t chunk = std::min(length, block_bytes - offset);
        if (address / page_bytes != page_number) {
            page_number = address / page_bytes;
            p = &m_pages[page_number];
        }
        auto& b = (*p)[address % page_bytes / block_bytes];
        if (!b) b = std::make_unique<block>(block{});
        std::memcpy(b->data() + offset, data, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

void backing_store::read(uint64_t address, unsigned char* data, uint64_t length) const {
    const page* p = nullptr;
    uint64_t page_number = ~uint64_t(0);
    while (length > 0) {
        uint64_t offset = address % block_bytes;
        uint64_t chunk = std::min(length, block_bytes - offset);
        if (address / page_bytes != page_number) {
            page_number = address / page_bytes;
            auto it = m_pages.find(page_number);
            p = it == m_pages.end() ? nullptr : &it->second;
        }
        const block* b = p ? (*p)[address % page_bytes / block_bytes].get() : nullptr;
        if (b)
            std::memcpy(data, b->data() + offset, chunk);
        else
            std::memset(data, 0, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

} // namespace lumen
