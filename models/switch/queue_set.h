// SPDX-License-Identifier: Apache-2.0
// The queues of one switch input sharing one buffer, as hardware keeps
// virtual output queues: linked lists threaded through a common slot array.
// Up to `dense_queues` queues, every queue has its head and tail in a table
// indexed by queue number (a 64-port switch: 64 x 64 x 12 B per plane).
// Past that only queues that hold a packet have one, in a small
// open-addressing table keyed by queue number, so memory grows with the
// packets buffered, not with ports^2: a 1,024-port switch's 2 x 1,024^2
// VOQs would otherwise hold 16 MiB of empty heads. The hash costs a few
// instructions per access, which small switches (where they are a larger
// share of a packet's cost) do not pay.
#pragma once

#include <cstdint>
#include <vector>

namespace lumen {

template <typename T> class queue_set {
public:
    static constexpr unsigned dense_queues = 64;

    explicit queue_set(unsigned queues = 1)
        : m_dense(queues <= dense_queues) {
        if (m_dense) m_lists.assign(queues, list{});
    }

    bool empty(unsigned q) const { return find(q) == NIL; }
    const T& front(unsigned q) const { return m_slots[m_lists[find(q)].head].item; }

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
        const uint32_t at = find(q);
        if (at == NIL) {
            list& l = m_lists[insert(q)];
            l.head = l.tail = s;
            return;
        }
        list& l = m_lists[at];
        m_slots[l.tail].next = s;
        l.tail = s;
    }

    void pop(unsigned q) {
        const uint32_t at = find(q);
        list& l = m_lists[at];
        const uint32_t s = l.head;
        l.head = m_slots[s].next;
        m_free.push_back(s);
        if (l.head == NIL) erase(at);
    }

    // Table entries allocated (for tests: past dense_queues, bounded by the
    // queues in use at once).
    size_t table_size() const { return m_lists.size(); }

private:
    static constexpr uint32_t NIL = ~uint32_t(0);
    struct slot {
        T item;
        uint32_t next;
    };
    struct list {
        uint32_t queue = NIL; // NIL: a free entry
        uint32_t head = NIL, tail = NIL;
    };

    uint32_t home(uint32_t q) const {
        return uint32_t((q * 2654435769u) >> m_shift) & uint32_t(m_lists.size() - 1);
    }
    // The entry of queue q, or NIL when it is empty.
    uint32_t find(uint32_t q) const {
        if (m_dense) return m_lists[q].head == NIL ? NIL : q;
        if (m_lists.empty()) return NIL;
        for (uint32_t i = home(q);; i = (i + 1) & uint32_t(m_lists.size() - 1)) {
            if (m_lists[i].queue == q) return i;
            if (m_lists[i].queue == NIL) return NIL;
        }
    }
    uint32_t insert(uint32_t q) {
        if (m_dense) return q;
        // At most half full, so that probes stay short.
        if (2 * (m_used + 1) > m_lists.size()) grow();
        uint32_t i = home(q);
        while (m_lists[i].queue != NIL) i = (i + 1) & uint32_t(m_lists.size() - 1);
        m_lists[i].queue = q;
        ++m_used;
        return i;
    }
    // Backward-shift deletion: entries after the hole that may move into it
    // do, so that no probe stops early at a hole.
    void erase(uint32_t hole) {
        if (m_dense) {
            m_lists[hole] = list{};
            return;
        }
        const uint32_t mask = uint32_t(m_lists.size() - 1);
        for (uint32_t i = (hole + 1) & mask; m_lists[i].queue != NIL; i = (i + 1) & mask) {
            const uint32_t h = home(m_lists[i].queue);
            // Movable unless its home lies cyclically in (hole, i].
            const bool stays = hole <= i ? (hole < h && h <= i) : (hole < h || h <= i);
            if (stays) continue;
            m_lists[hole] = m_lists[i];
            hole = i;
        }
        m_lists[hole] = list{};
        --m_used;
    }
    void grow() {
        std::vector<list> old;
        old.swap(m_lists);
        const size_t size = old.empty() ? 8 : 2 * old.size();
        m_lists.assign(size, list{});
        m_shift = 32;
        for (size_t s = size; s > 1; s /= 2) --m_shift;
        m_used = 0;
        for (const list& l : old) {
            if (l.queue == NIL) continue;
            m_lists[insert(l.queue)] = l;
        }
    }

    std::vector<slot> m_slots;
    std::vector<uint32_t> m_free;
    bool m_dense;
    std::vector<list> m_lists; // dense: one per queue; else a power of two entries, or none
    uint32_t m_used = 0;       // entries holding a queue
    unsigned m_shift = 32;     // 32 - log2(m_lists.size()): the hash's top bits
};

} // namespace lumen
