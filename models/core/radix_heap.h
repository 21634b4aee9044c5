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
// With digits of several bits, a bucket per (digit, value) instead: an item
// then moves down at most one level per digit, a few times in all rather
// than once per bit, which counts where the heap holds thousands of items
// (the calendar of a 1,024-GPU pod).
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

// T has a uint64_t `due`. DigitBits: the bits of a bucket's digit (see
// above); 1 gives 64 buckets, 4 gives 240 and fewer moves per item.
template <typename T, unsigned DigitBits = 1> class radix_heap {
    static_assert(DigitBits >= 1 && 64 % DigitBits == 0, "digits tile the 64-bit time");
    static constexpr unsigned radix = 1u << DigitBits;
    static constexpr unsigned buckets = 64 / DigitBits * (radix - 1);
    static constexpr unsigned mask_words = (buckets + 63) / 64;

public:
    bool empty() const { return m_at_floor.empty() && !any_nonempty(); }

    // `item.due` is no earlier than the due time of the last item taken.
    void push(const T& item) {
        if (item.due == m_floor) {
            m_at_floor.push_back(item);
            return;
        }
        const unsigned b = bucket_of(item.due);
        if (m_earliest != none) { // still the earliest after this push?
            if (b < m_low)
                m_earliest = none;
            else if (b == m_low && item.due < m_buckets[b][m_earliest].due)
                m_earliest = m_buckets[b].size();
        }
        m_buckets[b].push_back(item);
        m_nonempty[b / 64] |= uint64_t(1) << (b % 64);
    }

    // The earliest item in (due, order); the heap is not empty.
    const T& front() {
        if (!m_at_floor.empty()) return m_at_floor.front();
        if (m_earliest == none) {
            m_low = lowest();
            m_earliest = earliest(m_buckets[m_low]);
        }
        return m_buckets[m_low][m_earliest];
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
        while (any_nonempty()) {
            if (!dead(front())) return;
            const unsigned b = m_low;
            std::vector<T>& bucket = m_buckets[b];
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
            if (kept == 0) clear_nonempty(b);
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
    // Bucket (level, digit), level the digit in which `due` first differs
    // from the floor, counted from the low end, and digit its value there,
    // above the floor's: buckets in index order hold ever later times.
    unsigned bucket_of(uint64_t due) const {
        const unsigned level = (63 - unsigned(__builtin_clzll(due ^ m_floor))) / DigitBits;
        const unsigned digit = unsigned(due >> (level * DigitBits)) & (radix - 1);
        return level * (radix - 1) + digit - 1;
    }
    bool any_nonempty() const {
        for (uint64_t w : m_nonempty)
            if (w != 0) return true;
        return false;
    }
    unsigned lowest() const {
        unsigned w = 0;
        while (m_nonempty[w] == 0) ++w;
        return w * 64 + unsigned(__builtin_ctzll(m_nonempty[w]));
    }
    void clear_nonempty(unsigned b) { m_nonempty[b / 64] &= ~(uint64_t(1) << (b % 64)); }

    // The index of the bucket's first item due at its earliest time.
    static size_t earliest(const std::vector<T>& bucket) {
        size_t best = 0;
        for (size_t i = 1; i < bucket.size(); ++i)
            if (bucket[i].due < bucket[best].due) best = i;
        return best;
    }

    // The lowest bucket's earliest time becomes the floor; its items move
    // to lower buckets (their due times agree with the new floor above
    // their bucket's digit), in the order they were in.
    void lower_floor_bucket() {
        front(); // finds the earliest if it is not known
        const unsigned b = m_low;
        std::vector<T>& bucket = m_buckets[b];
        m_floor = bucket[m_earliest].due;
        m_earliest = none;
        clear_nonempty(b);
        for (const T& item : bucket) push(item);
        bucket.clear();
    }

    static constexpr size_t none = ~size_t(0);
    uint64_t m_floor = 0;
    // While the FIFO is empty: the index of the lowest bucket's earliest
    // item, if known (front() finds it, pushes keep it, a take forgets it).
    size_t m_earliest = none;
    unsigned m_low = 0;                   // the lowest bucket, where m_earliest is (while known)
    ring<T, 64> m_at_floor;               // due at the floor, in push order
    uint64_t m_nonempty[mask_words] = {}; // bit b: m_buckets[b] holds items
    std::vector<T> m_buckets[buckets];
};

} // namespace lumen
