// SPDX-License-Identifier: Apache-2.0
// The queues of one switch input sharing one buffer, as hardware keeps
// virtual output queues: linked lists threaded through a common slot array.
// Memory grows with the packets buffered, not with the number of queues, so
// a 64-port switch's 4096 VOQs per plane stay small and cache-friendly.
#pragma once

#include <cstdint>
#include <vector>

namespace lumen {

template <typename T> class queue_set {
public:
    explicit queue_set(unsigned queues = 0)
        : m_queues(queues) {}

    bool empty(unsigned q) const { return m_queues[q].head == NIL; }
    const T& front(unsigned q) const { return m_slots[m_queues[q].head].item; }

    void push(unsigned q, const T& item) {
        uint32_t s;
        if (m_free.empty()) {
            s = uint32_t(m_slots.size());
            m_slots.push_back(slot{item, NIL});
        } else {
            s = m_free.back();
            m_free.pop_back();
            m_slots[s] = slot{item, NIL};
        }
        list& l = m_queues[q];
        if (l.tail == NIL)
            l.head = s;
        else
            m_slots[l.tail].next = s;
        l.tail = s;
    }

    void pop(unsigned q) {
        list& l = m_queues[q];
        const uint32_t s = l.head;
        l.head = m_slots[s].next;
        if (l.head == NIL) l.tail = NIL;
        m_free.push_back(s);
    }

private:
    static constexpr uint32_t NIL = ~uint32_t(0);
    struct slot {
        T item;
        uint32_t next;
    };
    struct list {
        uint32_t head = NIL, tail = NIL;
    };
    std::vector<slot> m_slots;
    std::vector<uint32_t> m_free;
    std::vector<list> m_queues;
};

} // namespace lumen
