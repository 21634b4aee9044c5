// SPDX-License-Identifier: Apache-2.0
// radix_heap: where the calendar keeps its wakes due later, and a timed
// queue its items out of push order. A monotone priority queue (a radix
// heap: Ahuja, Mehlhorn, Orlin and Tarjan, J. ACM 1990), it holds items
// with a `due` time no earlier than its floor, the due time of the last
// item taken, and gives them in (due, push order), as a binary heap
// ordered by (due, order) would, for less work: a push is one bucket
// append, and an item moves down a few buckets before it is taken, where a
// binary heap sifts each push up and each pop down through its levels (on
// a 128-GPU pod, 19.0 k -> 17.7 k instructions per write; docs/scaling.md).
//
// Bucket b holds the items whose due time first differs from the floor in
// bit b (the items due at the floor itself wait in a FIFO of their own).
// When the FIFO is empty, the lowest bucket's earliest due time becomes the
// floor and its items move down, those due then into the FIFO. A bucket
// keeps push order among items due at the same time: its items come either
// by a push (the newest) or from a higher bucket while it was empty, in the
// order they were there. So the FIFO, and each bucket, is in (due, order)
// among equal times, and what comes out is in (due, order) throughout.
//
// The floor only rises to a time the caller takes items at: front() finds
// the earliest item without moving it, so a push due before that item but
// after the current time stays legal.
#pragma once

#include "models/core/ring.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lumen {

// T has a uint64_t `due`.
template <typename T> class radix_heap {
public:
    bool empty() const { return m_at_floor.empty() && m_nonempty == 0; }

    // `item.due` is no earlier than the due time of the last item taken.
    void push(const T& item) {
        if (item.due == m_floor) {
            m_at_floor.push_back(item);
            return;
        }
        const unsigned b = 63 - unsigned(__builtin_clzll(item.due ^ m_floor));
        if (m_earliest != none) { // still the earliest after this push?
            const unsigned low = lowest();
            if (b < low)
                m_earliest = none;
            else if (b == low && item.due < m_buckets[b][m_earliest].due)
                m_earliest = m_buckets[b].size();
        }
        m_buckets[b].push_back(item);
        m_nonempty |= uint64_t(1) << b;
    }

    // The earliest item in (due, order); the heap is not empty.
    const T& front() {
        if (!m_at_floor.empty()) return m_at_floor.front();
        std::vector<T>& bucket = m_buckets[lowest()];
        if (m_earliest == none) m_earliest = earliest(bucket);
        return bucket[m_earliest];
    }

    // Removes front() while `dead` holds for it, and with a dead front every
    // dead item of its bucket, in one pass that also finds the earliest of
    // the rest: dropping dead fronts one at a time would scan the bucket
    // for each. What `dead` holds for must stay dead (a wake replaced or
    // cancelled is never called again), so no item leaves early.
    template <typename Dead> void drop_front_while(Dead dead) {
        while (!m_at_floor.empty()) {
            if (!dead(m_at_floor.front())) return;
            m_at_floor.pop_front();
        }
        while (m_nonempty != 0) {
            const unsigned b = lowest();
            std::vector<T>& bucket = m_buckets[b];
            if (m_earliest == none) m_earliest = earliest(bucket);
            if (!dead(bucket[m_earliest])) return;
            size_t kept = 0;
            m_earliest = none;
            for (size_t i = 0; i < bucket.size(); ++i) {
                if (dead(bucket[i])) continue;
                if (kept != i) bucket[kept] = bucket[i];
                if (m_earliest == none || bucket[kept].due < bucket[m_earliest].due)
                    m_earliest = kept;
                ++kept;
            }
            bucket.erase(bucket.begin() + ptrdiff_t(kept), bucket.end());
            if (kept == 0) m_nonempty &= ~(uint64_t(1) << b);
        }
    }

    // Takes front(); its due time becomes the floor, so the caller takes it
    // at that time.
    T take_front() {
        if (m_at_floor.empty()) lower_floor_bucket();
        T item = m_at_floor.front();
        m_at_floor.pop_front();
        return item;
    }

private:
    unsigned lowest() const { return unsigned(__builtin_ctzll(m_nonempty)); }

    // The index of the bucket's first item due at its earliest time.
    static size_t earliest(const std::vector<T>& bucket) {
        size_t best = 0;
        for (size_t i = 1; i < bucket.size(); ++i)
            if (bucket[i].due < bucket[best].due) best = i;
        return best;
    }

    // The lowest bucket's earliest time becomes the floor; its items move
    // to lower buckets (their due times agree with the new floor above
    // their bucket's bit), in the order they were in.
    void lower_floor_bucket() {
        front(); // finds the earliest if it is not known
        const unsigned b = lowest();
        std::vector<T>& bucket = m_buckets[b];
        m_floor = bucket[m_earliest].due;
        m_earliest = none;
        m_nonempty &= ~(uint64_t(1) << b);
        for (const T& item : bucket) push(item);
        bucket.clear();
    }

    static constexpr size_t none = ~size_t(0);
    uint64_t m_floor = 0;
    // While the FIFO is empty: the index of the lowest bucket's earliest
    // item, if known (front() finds it, pushes keep it, a take forgets it).
    size_t m_earliest = none;
    ring<T, 64> m_at_floor;  // due at the floor, in push order
    uint64_t m_nonempty = 0; // bit b: m_buckets[b] holds items
    std::vector<T> m_buckets[64];
};

} // namespace lumen
