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
    if (2 * (size_t(m_page_count) + 1) > m_table.size()) grow_table();
    p = m_page_count++;
    const bool fresh_chunk = p % pages_per_chunk == 0;
    if (m_mode == data_mode::REAL) {
        if (fresh_chunk) m_page_chunks.push_back(std::make_unique<page[]>(pages_per_chunk));
        page_at(p).fill(none);
    } else if (fresh_chunk) {
        m_sum_chunks.push_back(std::make_unique<sum_page[]>(pages_per_chunk)); // zeros
    }
    m_table[slot_of(page_number)] = {page_number, p};
    m_last_page_number = page_number;
    m_last_page = p;
    return p;
}

void backing_store::write(uint64_t address, const unsigned char* data, uint64_t length) {
    if (m_mode == data_mode::COMPACT) return write_compact(address, data, length);
    while (length > 0) {
        const uint64_t offset = address % block_bytes;
        const uint64_t chunk = std::min(length, block_bytes - offset);
        uint32_t& b =
            page_at(page_for_write(address / page_bytes))[address % page_bytes / block_bytes];
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
    if (m_mode == data_mode::COMPACT) return read_compact(address, data, length);
    while (length > 0) {
        const uint64_t offset = address % block_bytes;
        const uint64_t chunk = std::min(length, block_bytes - offset);
        const uint32_t p = find_page(address / page_bytes);
        const uint32_t b = p == none ? none : page_at(p)[address % page_bytes / block_bytes];
        if (b != none)
            std::memcpy(data, block_data(b) + offset, chunk);
        else
            std::memset(data, 0, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

void backing_store::write_compact(uint64_t address, const unsigned char* data, uint64_t length) {
    unsigned char block[block_bytes];
    while (length > 0) {
        const uint64_t offset = address % block_bytes;
        const uint64_t chunk = std::min(length, block_bytes - offset);
        uint64_t& sum = sum_for_write(address);
        if (chunk == block_bytes) {
            sum = block_checksum::of(data);
        } else { // the rest of the block keeps its canonical content
            block_checksum::canonical(sum, block);
            std::memcpy(block + offset, data, chunk);
            sum = block_checksum::of(block);
        }
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

void backing_store::read_compact(uint64_t address, unsigned char* data, uint64_t length) const {
    unsigned char block[block_bytes];
    while (length > 0) {
        const uint64_t offset = address % block_bytes;
        const uint64_t chunk = std::min(length, block_bytes - offset);
        block_checksum::canonical(checksum(address - offset), block);
        std::memcpy(data, block + offset, chunk);
        address += chunk;
        data += chunk;
        length -= chunk;
    }
}

uint64_t backing_store::checksum(uint64_t address) const {
    if (m_mode == data_mode::REAL) {
        unsigned char block[block_bytes];
        read(address, block, block_bytes);
        return block_checksum::of(block);
    }
    const uint32_t p = find_page(address / page_bytes);
    return p == none ? 0 : sums_at(p)[address % page_bytes / block_bytes];
}

void backing_store::add_words(uint64_t dst, uint64_t src, uint64_t bytes) {
    bytes = bytes / 8 * 8;
    if (m_mode == data_mode::COMPACT && whole_blocks(dst, src, bytes)) {
        for (uint64_t at = 0; at < bytes; at += block_bytes) {
            const uint64_t add = checksum(src + at);
            sum_for_write(dst + at) += add;
        }
        return;
    }
    // Overlapping operands: all read before any is written, as one access.
    const bool overlap = dst < src + bytes && src < dst + bytes;
    const uint64_t piece = overlap ? bytes : 4096;
    std::vector<uint64_t> a(piece / 8), b(piece / 8);
    for (uint64_t at = 0; at < bytes; at += piece) {
        const uint64_t n = std::min(piece, bytes - at);
        read(src + at, reinterpret_cast<unsigned char*>(a.data()), n);
        read(dst + at, reinterpret_cast<unsigned char*>(b.data()), n);
        for (uint64_t i = 0; i < n / 8; ++i) b[i] += a[i];
        write(dst + at, reinterpret_cast<const unsigned char*>(b.data()), n);
    }
}

void backing_store::copy_from(const backing_store& from, uint64_t src, uint64_t dst,
                              uint64_t bytes) {
    if (m_mode == data_mode::COMPACT && from.m_mode == data_mode::COMPACT &&
        whole_blocks(dst, src, bytes) &&
        (&from != this || dst + bytes <= src || src + bytes <= dst)) {
        for (uint64_t at = 0; at < bytes; at += block_bytes) {
            const uint64_t sum = from.checksum(src + at);
            sum_for_write(dst + at) = sum;
        }
        return;
    }
    const bool overlap = &from == this && dst < src + bytes && src < dst + bytes;
    const uint64_t piece = overlap ? bytes : 4096;
    std::vector<unsigned char> buffer(std::min(piece, bytes));
    for (uint64_t at = 0; at < bytes; at += piece) {
        const uint64_t n = std::min(piece, bytes - at);
        from.read(src + at, buffer.data(), n);
        write(dst + at, buffer.data(), n);
    }
}

} // namespace lumen
