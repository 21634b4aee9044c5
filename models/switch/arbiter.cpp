// SPDX-License-Identifier: Apache-2.0
#include "models/switch/arbiter.h"

#include <algorithm>
#include <stdexcept>

namespace lumen {

namespace {

// Distance from `pointer` forward to `x` on a ring of `n`.
unsigned ring_distance(unsigned x, unsigned pointer, unsigned n) {
    return x >= pointer ? x - pointer : x + n - pointer;
}

} // namespace

void bit_set::fill() {
    std::fill(m_words.begin(), m_words.end(), ~uint64_t(0));
    if (m_size % 64) m_words.back() = (uint64_t(1) << (m_size % 64)) - 1;
}

request_set::request_set(unsigned inputs, unsigned outputs)
    : m_by_output(outputs, bit_set(inputs))
    , m_by_input(inputs, bit_set(outputs))
    , m_count(outputs, 0)
    , m_active_outputs(outputs) {}

void request_set::add(unsigned input, unsigned output) {
    if (m_by_input[input].test(output)) return;
    m_by_input[input].set(output);
    m_by_output[output].set(input);
    if (m_count[output]++ == 0) m_active_outputs.set(output);
}

void request_set::remove(unsigned input, unsigned output) {
    if (!m_by_input[input].test(output)) return;
    m_by_input[input].reset(output);
    m_by_output[output].reset(input);
    if (--m_count[output] == 0) m_active_outputs.reset(output);
}

void request_set::clear() {
    for (auto& b : m_by_output) b.clear();
    for (auto& b : m_by_input) b.clear();
    std::fill(m_count.begin(), m_count.end(), 0);
    m_active_outputs.clear();
}

void matching::reset(unsigned inputs, unsigned outputs) {
    // Undo the last slot's pairs only: a slot then costs its matches, not
    // the switch's radix.
    if (output_of_input.size() != inputs || input_of_output.size() != outputs) {
        output_of_input.assign(inputs, NONE);
        input_of_output.assign(outputs, NONE);
    } else {
        for (auto [i, j] : pairs) {
            output_of_input[i] = NONE;
            input_of_output[j] = NONE;
        }
    }
    pairs.clear();
}

void matching::add(unsigned input, unsigned output) {
    output_of_input[input] = output;
    input_of_output[output] = input;
    pairs.emplace_back(input, output);
}

void arbiter::match(const request_set& r, matching& m) {
    bit_set all_inputs(r.inputs()), all_outputs(r.outputs());
    all_inputs.fill();
    all_outputs.fill();
    match(r, all_inputs, all_outputs, m);
}

round_robin_arbiter::round_robin_arbiter(unsigned inputs, unsigned outputs)
    : m_grant_ptr(outputs, 0)
    , m_taken(inputs) {}

void round_robin_arbiter::match(const request_set& r, const bit_set& free_inputs,
                                const bit_set& free_outputs, matching& m) {
    const unsigned n_in = r.inputs(), n_out = r.outputs();
    m.reset(n_in, n_out);
    m_taken.clear();
    const bit_set& active = r.active_outputs();
    // Outputs in turn from the rotating start, skipping those with nothing
    // to do a word at a time.
    unsigned j = m_first_output;
    for (unsigned visited = 0; visited < n_out;) {
        const unsigned next =
            first_from(n_out, j, [&](unsigned w) { return active.word(w) & free_outputs.word(w); });
        if (next == bit_set::NONE) break;
        visited += ring_distance(next, j, n_out) + 1;
        if (visited > n_out) break;
        const bit_set& req = r.requesters(next);
        const unsigned i = first_from(n_in, m_grant_ptr[next], [&](unsigned w) {
            return req.word(w) & free_inputs.word(w) & ~m_taken.word(w);
        });
        if (i != bit_set::NONE) {
            m.add(i, next);
            m_taken.set(i);
            m_grant_ptr[next] = (i + 1) % n_in;
        }
        j = (next + 1) % n_out;
    }
    m_first_output = (m_first_output + 1) % n_out;
}

islip_arbiter::islip_arbiter(unsigned inputs, unsigned outputs, unsigned iterations)
    : m_iterations(iterations)
    , m_grant_ptr(outputs, 0)
    , m_accept_ptr(inputs, 0)
    , m_best_grant(inputs, matching::NONE)
    , m_taken_inputs(inputs)
    , m_taken_outputs(outputs) {
    if (iterations == 0) throw std::invalid_argument("islip_iterations must be at least 1");
}

void islip_arbiter::match(const request_set& r, const bit_set& free_inputs,
                          const bit_set& free_outputs, matching& m) {
    const unsigned n_in = r.inputs(), n_out = r.outputs();
    m.reset(n_in, n_out);
    m_taken_inputs.clear();
    m_taken_outputs.clear();
    const bit_set& active = r.active_outputs();
    for (unsigned it = 0; it < m_iterations; ++it) {
        // Grant: each unmatched output picks one unmatched requester.
        m_granted.clear();
        for (unsigned j = first_from(n_out, 0,
                                     [&](unsigned w) {
                                         return active.word(w) & free_outputs.word(w) &
                                                ~m_taken_outputs.word(w);
                                     });
             j != bit_set::NONE;) {
            const bit_set& req = r.requesters(j);
            const unsigned i = first_from(n_in, m_grant_ptr[j], [&](unsigned w) {
                return req.word(w) & free_inputs.word(w) & ~m_taken_inputs.word(w);
            });
            if (i != bit_set::NONE) {
                unsigned& held = m_best_grant[i];
                if (held == matching::NONE) {
                    m_granted.push_back(i);
                    held = j;
                } else if (ring_distance(j, m_accept_ptr[i], n_out) <
                           ring_distance(held, m_accept_ptr[i], n_out)) {
                    held = j;
                }
            }
            if (j + 1 >= n_out) break;
            // Next candidate output above j, without wrapping.
            const unsigned next = first_from(n_out, j + 1, [&](unsigned w) {
                return active.word(w) & free_outputs.word(w) & ~m_taken_outputs.word(w);
            });
            j = next > j ? next : bit_set::NONE;
        }
        if (m_granted.empty()) break;
        // Accept: each input that got grants takes the one next from its
        // accept pointer (kept as the best grant while granting).
        for (unsigned i : m_granted) {
            const unsigned j = m_best_grant[i];
            m_best_grant[i] = matching::NONE;
            m.add(i, j);
            m_taken_inputs.set(i);
            m_taken_outputs.set(j);
            if (it == 0) {
                m_accept_ptr[i] = (j + 1) % n_out;
                m_grant_ptr[j] = (i + 1) % n_in;
            }
        }
    }
}

std::unique_ptr<arbiter> make_arbiter(arbiter_kind kind, unsigned inputs, unsigned outputs,
                                      unsigned islip_iterations) {
    switch (kind) {
    case arbiter_kind::ROUND_ROBIN:
        return std::make_unique<round_robin_arbiter>(inputs, outputs);
    case arbiter_kind::ISLIP:
        return std::make_unique<islip_arbiter>(inputs, outputs, islip_iterations);
    }
    throw std::invalid_argument("unknown arbiter kind");
}

} // namespace lumen
