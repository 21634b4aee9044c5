// SPDX-License-Identifier: Apache-2.0
// Crossbar arbiters of an input-queued switch: in each slot, which input sends
// to which output, so that no input and no output is used twice. Plain C++
// (no SystemC) so their decisions are unit-testable without a kernel.
//
// Requests are bit vectors, as in hardware: a slot costs a few word
// operations per output, not one operation per (input, output) pair, so a
// 64-port switch arbitrates about as fast per packet as an 8-port one.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace lumen {

enum class arbiter_kind {
    ROUND_ROBIN, // per output, a pointer over the inputs
    ISLIP,       // request-grant-accept with round-robin pointers (McKeown 1999)
};

// A subset of [0, size) as a bit vector.
class bit_set {
public:
    static constexpr unsigned NONE = ~0u;

    explicit bit_set(unsigned size = 0)
        : m_size(size)
        , m_words((size + 63) / 64, 0) {}

    void set(unsigned k) { m_words[k / 64] |= uint64_t(1) << (k % 64); }
    void reset(unsigned k) { m_words[k / 64] &= ~(uint64_t(1) << (k % 64)); }
    bool test(unsigned k) const { return m_words[k / 64] >> (k % 64) & 1; }
    void assign(unsigned k, bool value) { value ? set(k) : reset(k); }
    void clear() { std::fill(m_words.begin(), m_words.end(), 0); }
    void fill();
    // This set becomes a \ b (all three of one size), a word at a time.
    void assign_difference(const bit_set& a, const bit_set& b) {
        for (size_t w = 0; w < m_words.size(); ++w) m_words[w] = a.m_words[w] & ~b.m_words[w];
    }

    unsigned size() const { return m_size; }
    unsigned word_count() const { return unsigned(m_words.size()); }
    uint64_t word(unsigned w) const { return m_words[w]; }

private:
    unsigned m_size;
    std::vector<uint64_t> m_words;
};

// The first k at or after `start`, wrapping around [0, size), whose bit is
// set in word_of(k / 64); bit_set::NONE when there is none.
template <typename WordOf> unsigned first_from(unsigned size, unsigned start, WordOf word_of) {
    const unsigned words = (size + 63) / 64;
    if (words == 0) return bit_set::NONE;
    const unsigned w0 = start / 64;
    const uint64_t above = ~uint64_t(0) << (start % 64);
    for (unsigned n = 0; n <= words; ++n) {
        const unsigned w = (w0 + n) % words;
        uint64_t bits = word_of(w);
        if (n == 0)
            bits &= above; // from start up...
        else if (n == words)
            bits &= ~above; // ...and, wrapped, below it
        if (bits) return w * 64 + unsigned(__builtin_ctzll(bits));
    }
    return bit_set::NONE;
}

// The requests: input i has a packet it may send to output j. The switch
// keeps it up to date as queues fill and empty; an arbiter reads it.
class request_set {
public:
    request_set(unsigned inputs, unsigned outputs);

    void add(unsigned input, unsigned output);
    void remove(unsigned input, unsigned output);
    bool has(unsigned input, unsigned output) const { return m_by_input[input].test(output); }
    void clear();

    unsigned inputs() const { return unsigned(m_by_input.size()); }
    unsigned outputs() const { return unsigned(m_by_output.size()); }
    const bit_set& requesters(unsigned output) const { return m_by_output[output]; }
    const bit_set& requested(unsigned input) const { return m_by_input[input]; }
    // Inputs requesting `output`, busy or not.
    unsigned requester_count(unsigned output) const { return m_count[output]; }
    // Outputs with at least one requester.
    const bit_set& active_outputs() const { return m_active_outputs; }

private:
    std::vector<bit_set> m_by_output;
    std::vector<bit_set> m_by_input;
    std::vector<unsigned> m_count; // requesters per output
    bit_set m_active_outputs;
};

// A conflict-free set of (input, output) pairs.
struct matching {
    static constexpr unsigned NONE = bit_set::NONE;
    std::vector<unsigned> output_of_input; // NONE when the input is unmatched
    std::vector<unsigned> input_of_output; // NONE when the output is unmatched
    // The matched pairs in the order they were made.
    std::vector<std::pair<unsigned, unsigned>> pairs;

    void reset(unsigned inputs, unsigned outputs);
    void add(unsigned input, unsigned output);
};

class arbiter {
public:
    virtual ~arbiter() = default;
    // Fills `m` with a matching among the requests of `r` between free inputs
    // and free outputs, and advances the arbiter's pointers for the next slot.
    virtual void match(const request_set& r, const bit_set& free_inputs,
                       const bit_set& free_outputs, matching& m) = 0;
    // Every input and output free.
    void match(const request_set& r, matching& m);
};

// Per output, grant the first requester at or after the output's pointer and
// move the pointer one past it. Outputs are served in turn from a start that
// rotates each slot, so that when an input requests several outputs (virtual
// output queues) no output always has first pick. With one request per input
// (FIFO input queues) this is the classical round-robin contention resolution.
class round_robin_arbiter : public arbiter {
public:
    round_robin_arbiter(unsigned inputs, unsigned outputs);
    using arbiter::match;
    void match(const request_set& r, const bit_set& free_inputs, const bit_set& free_outputs,
               matching& m) override;
    unsigned grant_pointer(unsigned output) const { return m_grant_ptr[output]; }

private:
    std::vector<unsigned> m_grant_ptr;
    unsigned m_first_output = 0;
    bit_set m_taken; // inputs matched this slot
};

// iSLIP (N. McKeown, "The iSLIP scheduling algorithm for input-queued
// switches", IEEE/ACM Trans. Networking 7(2), 1999): each iteration, every
// unmatched output grants the requesting unmatched input next from its grant
// pointer, every unmatched input accepts the granting output next from its
// accept pointer. Pointers move one past the match, and only for matches of
// the first iteration: that is what desynchronizes them under load.
class islip_arbiter : public arbiter {
public:
    islip_arbiter(unsigned inputs, unsigned outputs, unsigned iterations);
    using arbiter::match;
    void match(const request_set& r, const bit_set& free_inputs, const bit_set& free_outputs,
               matching& m) override;
    unsigned grant_pointer(unsigned output) const { return m_grant_ptr[output]; }
    unsigned accept_pointer(unsigned input) const { return m_accept_ptr[input]; }

private:
    unsigned m_iterations;
    std::vector<unsigned> m_grant_ptr;
    std::vector<unsigned> m_accept_ptr;
    std::vector<unsigned> m_best_grant; // per input, this iteration; NONE if none
    std::vector<unsigned> m_granted;    // inputs granted this iteration
    bit_set m_taken_inputs, m_taken_outputs;
};

std::unique_ptr<arbiter> make_arbiter(arbiter_kind kind, unsigned inputs, unsigned outputs,
                                      unsigned islip_iterations);

} // namespace lumen
