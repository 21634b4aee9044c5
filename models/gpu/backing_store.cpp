// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/backing_store.h"

#include <algorithm>
#include <cstring>

namespace lumen {

void backing_store::write(uint64_t address, const unsigned char* data, uint64_t length) {
    while (length > 0) {
        uint64_t offset = address % page_bytes;
        uint64_t chunk = std::min(length, page_bytes - offset);
        auto& p = m_pages[address / page_bytes];
        if (!p) p = std::make_unique<page>(page{});
        std::memcpy(p->data() + offset, data, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

void backing_store::read(uint64_t address, unsigned char* data, uint64_t length) const {
    while (length > 0) {
        uint64_t offset = address % page_bytes;
        uint64_t chunk = std::min(length, page_bytes - offset);
        auto it = m_pages.find(address / page_bytes);
        if (it == m_pages.end())
            std::memset(data, 0, chunk);
        else
            std::memcpy(data, it->second->data() + offset, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

} // namespace lumen
