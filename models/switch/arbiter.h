// SPDX-License-Identifier: Apache-2.0
// Crossbar arbiters of an input-queued switch: in each slot, which input sends
// to which output, so that no input and no output is used twice. Plain C++
// (no SystemC) so their decisions are unit-testable without a kernel.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace lumen {

enum class arbiter_kind {
    ROUND_ROBIN, // per output, a pointer over the inputs
    ISLIP,       // request-grant-accept with round-robin pointers (McKeown 1999)
};

// The requests of one slot: input i has a packet it may send to output j.
// Kept sparse (per-output and per-input lists), so a slot costs the number of
// requests, not inputs * outputs.
class request_set {
public:
    request_set(unsigned inputs, unsigned outputs);

    // Clears only what the last slot touched.
    void clear();
    // At most once per (input, output) and slot.
    void add(unsigned input, unsigned output);

    unsigned inputs() const { return unsigned(m_by_input.size()); }
    unsigned outputs() const { return unsigned(m_by_output.size()); }
    const std::vector<unsigned>& requesters(unsigned output) const { return m_by_output[output]; }
    const std::vector<unsigned>& requested(unsigned input) const { return m_by_input[input]; }
    // Outputs with at least one requester, in the order of their first request.
    const std::vector<unsigned>& active_outputs() const { return m_active_outputs; }
    // Inputs with at least one request, in the order of their first request.
    const std::vector<unsigned>& active_inputs() const { return m_active_inputs; }

private:
    std::vector<std::vector<unsigned>> m_by_output;
    std::vector<std::vector<unsigned>> m_by_input;
    std::vector<unsigned> m_active_outputs;
    std::vector<unsigned> m_active_inputs;
};

// A conflict-free set of (input, output) pairs.
struct matching {
    static constexpr unsigned NONE = ~0u;
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
    // Fills `m` with a matching among the requests of `r`, and advances the
    // arbiter's pointers for the next slot.
    virtual void match(const request_set& r, matching& m) = 0;
};

// Per output, grant the first requester at or after the output's pointer and
// move the pointer one past it. Outputs are served in turn from a start that
// rotates each slot, so that when an input requests several outputs (virtual
// output queues) no output always has first pick. With one request per input
// (FIFO input queues) this is the classical round-robin contention resolution.
class round_robin_arbiter : public arbiter {
public:
    explicit round_robin_arbiter(unsigned outputs);
    void match(const request_set& r, matching& m) override;
    unsigned grant_pointer(unsigned output) const { return m_grant_ptr[output]; }

private:
    std::vector<unsigned> m_grant_ptr;
    unsigned m_first_output = 0;
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
    void match(const request_set& r, matching& m) override;
    unsigned grant_pointer(unsigned output) const { return m_grant_ptr[output]; }
    unsigned accept_pointer(unsigned input) const { return m_accept_ptr[input]; }

private:
    unsigned m_iterations;
    std::vector<unsigned> m_grant_ptr;
    std::vector<unsigned> m_accept_ptr;
    std::vector<unsigned> m_best_grant; // per input, this iteration; NONE if none
    std::vector<unsigned> m_scratch;    // inputs granted this iteration
};

std::unique_ptr<arbiter> make_arbiter(arbiter_kind kind, unsigned inputs, unsigned outputs,
                                      unsigned islip_iterations);

} // namespace lumen
