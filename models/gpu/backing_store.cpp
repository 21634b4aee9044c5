// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/backing_store.h"

#include <algorithm>
#include <cstring>

namespace lumen {

size_t backing_store::slot_of(uint64_t page_number) const {
    // Fibonacci hashing, its high bits folded down: pages close together or
    // a power of two apart spread over the table.
    const size_t mask = m_table.size() - 1;
    uint64_t h = page_number * 0x9E3779B97F4A7C15ULL;
    size_t k = size_t(h ^ (h >> 32)) & mask;
    while (m_table[k].page_number != page_number && m_table[k].page_number != empty_slot)
        k = (k + 1) & mask;
    return k;
}

void backing_store::grow_table() {
    std::vector<page_slot> old(std::max<size_t>(64, 2 * m_table.size()));
    old.swap(m_table);
    for (const page_slot& e : old)
        if (e.page_number != empty_slot) m_table[slot_of(e.page_number)] = e;
}

uint32_t backing_store::find_page(uint64_t page_number) const {
    if (page_number == m_last_page_number) return m_last_page;
    if (m_table.empty()) return none;
    const page_slot& e = m_table[slot_of(page_number)];
    if (e.page == none) return none; // not cached: a later write may create it
    m_last_page_number = page_number;
    m_last_page = e.page;
    return e.page;
}

uint32_t backing_store::page_for_write(uint64_t page_number) {
    uint32_t p = find_page(page_number);
    if (p != none) return p;
    if (2 * (m_pages.size() + 1) > m_table.size()) grow_table();
    p = uint32_t(m_pages.size());
    page fresh;
    fresh.fill(none);
    m_pages.push_back(fresh);
    m_table[slot_of(page_number)] = {page_number, p};
    m_last_page_number = page_number;
    m_last_page = p;
    return p;
}

void backing_store::write(uint64_t address, const unsigned char* data, uint64_t length) {
    while (length > 0) {
        const uint64_t offset = address % block_bytes;
        const uint64_t chunk = std::min(length, block_bytes - offset);
        uint32_t& b =
            m_pages[page_for_write(address / page_bytes)][address % page_bytes / block_bytes];
        if (b == none) {
            if (m_block_count % blocks_per_chunk == 0)
                m_chunks.push_back(std::make_unique<block[]>(blocks_per_chunk));
            b = m_block_count++;
            // A chunk comes zeroed; a partial first write leaves the rest so.
        }
        std::memcpy(block_data(b) + offset, data, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

void backing_store::read(uint64_t address, unsigned char* data, uint64_t length) const {
    while (length > 0) {
        const uint64_t offset = address % block_bytes;
        const uint64_t chunk = std::min(length, block_bytes - offset);
        const uint32_t p = find_page(address / page_bytes);
        const uint32_t b = p == none ? none : m_pages[p][address % page_bytes / block_bytes];
        if (b != none)
            std::memcpy(data, block_data(b) + offset, chunk);
        else
            std::memset(data, 0, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

} // namespace lumen
