// SPDX-License-Identifier: Apache-2.0
// ring: a FIFO in one contiguous array whose capacity is a power of two and
// doubles when it is full. It replaces std::deque on a message's path: a
// deque's header is 80 bytes and its elements sit in 512-byte nodes reached
// through a map, so a queue that holds a few elements spans several cache
// lines; a ring's header is 24 bytes and its elements are neighbours.
//
// Growing moves every element to a new array: a reference, pointer or
// iterator into a ring is valid only until the next push.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace lumen {

// `Initial`: the capacity of the first array, allocated at the first push.
template <typename T, size_t Initial = 8> class ring {
public:
    ring() = default;
    ring(const ring&) = delete;
    ring& operator=(const ring&) = delete;
    ring(ring&&) = default;
    ring& operator=(ring&&) = default;

    bool empty() const { return m_size == 0; }
    size_t size() const { return m_size; }
    size_t capacity() const { return m_mask + (m_data ? 1 : 0); }

    T& front() { return m_data[m_head]; }
    const T& front() const { return m_data[m_head]; }
    T& back() { return m_data[(m_head + m_size - 1) & m_mask]; }
    const T& back() const { return m_data[(m_head + m_size - 1) & m_mask]; }
    // The i-th element from the front.
    T& operator[](size_t i) { return m_data[(m_head + i) & m_mask]; }
    const T& operator[](size_t i) const { return m_data[(m_head + i) & m_mask]; }

    template <typename... Args> T& emplace_back(Args&&... args) {
        if (m_size == capacity()) grow();
        T& slot = m_data[(m_head + m_size) & m_mask];
        slot = T{std::forward<Args>(args)...};
        ++m_size;
        return slot;
    }
    void push_back(const T& value) { emplace_back(value); }
    // The front element's slot keeps its value until a push reuses it.
    void pop_front() {
        m_head = (m_head + 1) & m_mask;
        --m_size;
    }

    class const_iterator {
    public:
        const_iterator(const ring* r, size_t i)
            : m_ring(r)
            , m_index(i) {}
        const T& operator*() const { return (*m_ring)[m_index]; }
        const T* operator->() const { return &(*m_ring)[m_index]; }
        const_iterator& operator++() {
            ++m_index;
            return *this;
        }
        bool operator!=(const const_iterator& o) const { return m_index != o.m_index; }
        bool operator==(const const_iterator& o) const { return m_index == o.m_index; }

    private:
        const ring* m_ring;
        size_t m_index;
    };
    const_iterator begin() const { return const_iterator(this, 0); }
    const_iterator end() const { return const_iterator(this, m_size); }

private:
    void grow() {
        const size_t old_capacity = capacity();
        const size_t new_capacity = old_capacity ? 2 * old_capacity : Initial;
        std::unique_ptr<T[]> data(new T[new_capacity]);
        for (size_t i = 0; i < m_size; ++i) data[i] = std::move((*this)[i]);
        m_data = std::move(data);
        m_head = 0;
        m_mask = uint32_t(new_capacity - 1);
    }

    static_assert(Initial > 0 && (Initial & (Initial - 1)) == 0, "a power of two");
    std::unique_ptr<T[]> m_data;
    uint32_t m_head = 0;
    uint32_t m_size = 0;
    uint32_t m_mask = 0; // capacity - 1 once allocated
};

} // namespace lumen
