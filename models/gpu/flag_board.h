// SPDX-License-Identifier: Apache-2.0
// flag_board: delivers a collective's flags across the fabric. A send's
// flag travels as the response to its last write, so it costs no time of
// its own here: the board hands it to the destination GPU at once.
#pragma once

#include "models/gpu/gpu.h"
#include "models/gpu/gpu_interfaces.h"

#include <systemc>

#include <vector>

namespace lumen {

class flag_board : public sc_core::sc_module, public flag_if {
public:
    explicit flag_board(sc_core::sc_module_name name)
        : sc_module(name) {}

    // GPU g.index() takes the flags raised for it; binds its `flags` here.
    void attach(gpu& g) {
        if (g.index() >= m_gpus.size()) m_gpus.resize(g.index() + 1, nullptr);
        m_gpus[g.index()] = &g;
        g.flags.bind(*this);
    }

    void raise(unsigned destination, unsigned source, uint32_t tag) override {
        if (destination >= m_gpus.size() || !m_gpus[destination])
            SC_REPORT_ERROR(name(), "a flag for a GPU that is not attached");
        m_gpus[destination]->flag_arrived(source, tag);
    }

private:
    std::vector<gpu*> m_gpus;
};

} // namespace lumen
