// SPDX-License-Identifier: Apache-2.0
// The packets out of one switch output's pipeline, waiting for the
// downstream: a FIFO that rarely holds more than a few (one per packet in
// the pipeline). A ring of a power-of-two capacity that doubles when full,
// so its state fits the output's cache line next to the flags a packet
// touches, where a std::deque keeps a 512-byte block and four iterators.
// Not for use outside models/switch.
#pragma once

#include <cstdint>
#include <memory>

namespace lumen {

template <typename T> class egress_ring {
public:
    bool empty() const { return m_count == 0; }
    uint32_t size() const { return m_count; }
    // Valid until the next push_back or pop_front.
    const T& front() const { return m_items[m_head]; }

    void push_back(const T& item) {
        if (m_count == m_capacity) grow();
        m_items[(m_head + m_count) & (m_capacity - 1)] = item;
        ++m_count;
    }
    void pop_front() {
        m_head = (m_head + 1) & (m_capacity - 1);
        --m_count;
    }

private:
    void grow() {
        const uint32_t capacity = m_capacity ? 2 * m_capacity : 2;
        std::unique_ptr<T[]> items(new T[capacity]);
        for (uint32_t k = 0; k < m_count; ++k) items[k] = m_items[(m_head + k) & (m_capacity - 1)];
        m_items = std::move(items);
        m_capacity = capacity;
        m_head = 0;
    }

    std::unique_ptr<T[]> m_items;
    uint32_t m_head = 0, m_count = 0, m_capacity = 0;
};

} // namespace lumen
