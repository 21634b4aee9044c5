// SPDX-License-Identifier: Apache-2.0
#include "models/switch/arbiter.h"

#include <stdexcept>

namespace lumen {

namespace {

// Distance from `pointer` forward to `x` on a ring of `n`.
unsigned ring_distance(unsigned x, unsigned pointer, unsigned n) {
    return x >= pointer ? x - pointer : x + n - pointer;
}

} // namespace

request_set::request_set(unsigned inputs, unsigned outputs)
    : m_by_output(outputs), m_by_input(inputs) {}

void request_set::clear() {
    for (unsigned j : m_active_outputs) m_by_output[j].clear();
    for (unsigned i : m_active_inputs) m_by_input[i].clear();
    m_active_outputs.clear();
    m_active_inputs.clear();
}

void request_set::add(unsigned input, unsigned output) {
    if (m_by_output[output].empty()) m_active_outputs.push_back(output);
    if (m_by_input[input].empty()) m_active_inputs.push_back(input);
    m_by_output[output].push_back(input);
    m_by_input[input].push_back(output);
}

void matching::reset(unsigned inputs, unsigned outputs) {
    output_of_input.assign(inputs, NONE);
    input_of_output.assign(outputs, NONE);
    pairs.clear();
}

void matching::add(unsigned input, unsigned output) {
    output_of_input[input] = output;
    input_of_output[output] = input;
    pairs.emplace_back(input, output);
}

round_robin_arbiter::round_robin_arbiter(unsigned outputs) : m_grant_ptr(outputs, 0) {}

void round_robin_arbiter::match(const request_set& r, matching& m) {
    const unsigned n_in = r.inputs(), n_out = r.outputs();
    m.reset(n_in, n_out);
    for (unsigned k = 0; k < n_out; ++k) {
        unsigned j = (m_first_output + k) % n_out;
        unsigned best = matching::NONE, best_distance = n_in;
        for (unsigned i : r.requesters(j)) {
            if (m.output_of_input[i] != matching::NONE) continue;
            unsigned d = ring_distance(i, m_grant_ptr[j], n_in);
            if (d < best_distance) best = i, best_distance = d;
        }
        if (best == matching::NONE) continue;
        m.add(best, j);
        m_grant_ptr[j] = (best + 1) % n_in;
    }
    m_first_output = (m_first_output + 1) % n_out;
}

islip_arbiter::islip_arbiter(unsigned inputs, unsigned outputs, unsigned iterations)
    : m_iterations(iterations), m_grant_ptr(outputs, 0), m_accept_ptr(inputs, 0),
      m_best_grant(inputs, matching::NONE) {
    if (iterations == 0) throw std::invalid_argument("islip_iterations must be at least 1");
}

void islip_arbiter::match(const request_set& r, matching& m) {
    const unsigned n_in = r.inputs(), n_out = r.outputs();
    m.reset(n_in, n_out);
    std::vector<unsigned>& granted_inputs = m_scratch;
    for (unsigned it = 0; it < m_iterations; ++it) {
        // Grant: each unmatched output picks one unmatched requester.
        granted_inputs.clear();
        for (unsigned j : r.active_outputs()) {
            if (m.input_of_output[j] != matching::NONE) continue;
            unsigned best = matching::NONE, best_distance = n_in;
            for (unsigned i : r.requesters(j)) {
                if (m.output_of_input[i] != matching::NONE) continue;
                unsigned d = ring_distance(i, m_grant_ptr[j], n_in);
                if (d < best_distance) best = i, best_distance = d;
            }
            if (best == matching::NONE) continue;
            unsigned& held = m_best_grant[best];
            if (held == matching::NONE) {
                granted_inputs.push_back(best);
                held = j;
            } else if (ring_distance(j, m_accept_ptr[best], n_out) <
                       ring_distance(held, m_accept_ptr[best], n_out)) {
                held = j;
            }
        }
        if (granted_inputs.empty()) break;
        // Accept: each input that got grants takes the one next from its
        // accept pointer (kept as the best grant while granting).
        for (unsigned i : granted_inputs) {
            unsigned j = m_best_grant[i];
            m_best_grant[i] = matching::NONE;
            m.add(i, j);
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
    case arbiter_kind::ROUND_ROBIN: return std::make_unique<round_robin_arbiter>(outputs);
    case arbiter_kind::ISLIP:
        return std::make_unique<islip_arbiter>(inputs, outputs, islip_iterations);
    }
    throw std::invalid_argument("unknown arbiter kind");
}

} // namespace lumen
