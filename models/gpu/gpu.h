// SPDX-License-Identifier: Apache-2.0
// gpu: one GPU as the fabric and the host see it. A workload engine (the
// copy engine running a traffic pattern or a collective program) issues
// requests into a plane splitter, which deals them to the GPU's links, one
// per switch plane; requests for this GPU's memory come in from the planes
// through a plane merger to its memory port. Its control registers (the GPU
// block of models/host/register_map.h) start the engine and show its
// counters; when the engine is done the GPU checks its result, as a test
// kernel would, and raises its completion interrupt if enabled.
//
//   engine.init_out -> splitter.in; splitter.out[k] = fabric_out(k)
//   fabric_in(k) = merger.in[k]; merger.out -> memory.mem_target
#pragma once

#include "models/core/stats.h"
#include "models/core/tracer.h"
#include "models/gpu/gpu_interfaces.h"
#include "models/gpu/memory_port.h"
#include "models/gpu/plane_merger.h"
#include "models/gpu/plane_splitter.h"
#include "models/gpu/workload_engine.h"
#include "models/host/control_bus.h"

#include <systemc>

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

namespace lumen {

class gpu : public sc_core::sc_module {
public:
    // The completion interrupt, toward the host.
    sc_core::sc_port<interrupt_if> irq;
    // The engine's flags to peers leave here (collectives only).
    workload_engine::flag_port flags;
    // Link states for the splitter; unbound: every request takes its plane.
    sc_core::sc_port<path_status_if, 1, sc_core::SC_ZERO_OR_MORE_BOUND> paths;

    // GPU `index`, its memory at memory.base_address, its traffic dealt to
    // map.planes planes. The memory's size is every GPU's memory stride.
    gpu(sc_core::sc_module_name name, unsigned index, const memory_port_params& memory,
        const plane_interleave& map, const recovery_params& recovery = {});

    // Requests leave toward plane k's link.
    tlm_utils::simple_initiator_socket_tagged<plane_splitter>& fabric_out(unsigned k) {
        return m_splitter.out[k];
    }
    // Requests for this GPU's memory arrive from plane k's link.
    tlm_utils::simple_target_socket_tagged<plane_merger>& fabric_in(unsigned k) {
        return m_merger.in[k];
    }

    // The engine comes after the memory (a collective initializes it first)
    // and is this GPU's child "engine": make_engine builds it in its scope.
    template <class engine_type, class... args> engine_type& make_engine(args&&... a) {
        sc_core::sc_get_curr_simcontext()->hierarchy_push(this);
        auto e = std::make_unique<engine_type>("engine", std::forward<args>(a)...);
        sc_core::sc_get_curr_simcontext()->hierarchy_pop();
        engine_type& made = *e;
        set_engine(std::move(e));
        return made;
    }
    // Binds the engine to the splitter and to `flags`; it must be a child of
    // this GPU (make_engine's).
    void set_engine(std::unique_ptr<workload_engine> engine);
    // Checks a collective's result buffer once the engine is done; without
    // one, the engine's own check (finish()) is the verdict.
    void set_result_check(std::function<verdict(const backing_store&)> check);

    // Delivered by the fabric's flag board: a peer's send has landed here.
    void flag_arrived(unsigned source, uint32_t tag);

    unsigned index() const { return m_index; }
    memory_port& memory() { return m_memory; }
    const memory_port& memory() const { return m_memory; }
    // A link of the fabric went down or came up (see plane_splitter).
    void paths_changed() { m_splitter.paths_changed(); }
    // Requests sent again, or given up, by this GPU's splitter.
    const recovery_stats& recovery() const { return m_splitter.recovery(); }
    workload_engine& engine() { return *m_engine; }
    const workload_engine& engine() const { return *m_engine; }

    // The GPU register block, for the control bus.
    register_file registers();

    bool started() const { return m_started; }
    bool done() const { return m_done; }
    uint64_t start_ps() const { return m_start_ps; }
    uint64_t done_ps() const { return m_done_ps; }
    uint64_t words_checked() const { return m_verdict.words_checked; }
    uint64_t words_wrong() const { return m_verdict.words_wrong; }
    // The CHECKED and MISMATCHES registers: the GPU's verdict once done.
    uint64_t checked() const { return m_checked; }
    uint64_t mismatches() const { return m_mismatches; }

    void trace(tracer& t) const;

private:
    uint64_t read_register(uint64_t offset) const;
    void write_register(uint64_t offset, uint64_t value);
    void engine_done();

    unsigned m_index;
    // The engine owns the payloads in flight: it goes last.
    std::unique_ptr<workload_engine> m_engine;
    memory_port m_memory;
    plane_merger m_merger;
    plane_splitter m_splitter;
    std::function<verdict(const backing_store&)> m_check;

    bool m_started = false, m_done = false, m_irq_enable = false;
    uint64_t m_start_ps = 0, m_done_ps = 0;
    uint64_t m_checked = 0, m_mismatches = 0; // the CHECKED and MISMATCHES registers
    verdict m_verdict;
};

} // namespace lumen
