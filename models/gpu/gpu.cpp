// SPDX-License-Identifier: Apache-2.0
#include "models/gpu/gpu.h"
#include "models/core/sim_time.h"

#include "models/host/register_map.h"

namespace lumen {

using namespace sc_core;

gpu::gpu(sc_module_name name, unsigned index, const memory_port_params& memory,
         const plane_interleave& map, const recovery_params& recovery)
    : sc_module(name)
    , irq("irq")
    , flags("flags")
    , paths("paths")
    , m_index(index)
    , m_memory("memory", memory)
    , m_merger("merger", map)
    , m_splitter("splitter", map, index, memory.size_bytes, recovery) {
    m_merger.out.bind(m_memory.mem_target);
    m_splitter.paths.bind(paths);
}

void gpu::set_engine(std::unique_ptr<workload_engine> engine) {
    auto* object = dynamic_cast<sc_object*>(engine.get());
    if (m_engine || !object || object->get_parent_object() != this)
        SC_REPORT_ERROR(name(), "set_engine: one engine, built as this GPU's child (make_engine)");
    m_engine = std::move(engine);
    m_engine->initiator().bind(m_splitter.in);
    m_engine->bind_flags(flags);
    m_engine->when_done([this] { engine_done(); });
}

void gpu::set_result_check(std::function<verdict(const backing_store&)> check) {
    m_check = std::move(check);
}

void gpu::flag_arrived(unsigned source, uint32_t tag) {
    m_engine->flag_arrived(source, tag);
}

void gpu::engine_done() {
    // The GPU checks its own result before it reports done, as a test
    // kernel would: the collective's buffer, or the traffic's written slots.
    m_done = true;
    m_done_ps = now_ps();
    m_engine->finish();
    const transaction_counts& t = m_engine->transactions();
    if (m_check) {
        m_verdict = m_check(m_memory.store());
        m_checked = m_verdict.words_wrong == 0 ? t.completed : 0;
        m_mismatches = m_verdict.words_wrong + t.mismatches;
    } else {
        m_checked = t.checked;
        m_mismatches = t.mismatches;
    }
    if (m_irq_enable) irq->interrupt(m_index);
}

register_file gpu::registers() {
    return {[this](uint64_t offset) { return read_register(offset); },
            [this](uint64_t offset, uint64_t value) { write_register(offset, value); }};
}

uint64_t gpu::read_register(uint64_t offset) const {
    const transaction_counts& t = m_engine->transactions();
    switch (offset) {
    case regs::gpu::ID:
        return regs::gpu_id_magic | m_index;
    case regs::gpu::STATUS:
        return (m_started && !m_done ? regs::gpu::STATUS_RUNNING : 0) |
               (m_done ? regs::gpu::STATUS_DONE : 0);
    case regs::gpu::IRQ_ENABLE:
        return m_irq_enable;
    case regs::gpu::ISSUED:
        return t.issued;
    case regs::gpu::COMPLETED:
        return t.completed;
    case regs::gpu::CHECKED:
        return m_checked;
    case regs::gpu::MISMATCHES:
        return m_mismatches;
    case regs::gpu::BYTES:
        return m_engine->bytes();
    case regs::gpu::START_PS:
        return m_start_ps;
    case regs::gpu::DONE_PS:
        return m_done_ps;
    case regs::gpu::WAIT_PS:
        return m_engine->wait_ps();
    case regs::gpu::COMPUTE_PS:
        return m_engine->compute_ps();
    default:
        return 0;
    }
}

void gpu::write_register(uint64_t offset, uint64_t value) {
    if (offset == regs::gpu::IRQ_ENABLE) m_irq_enable = value & regs::gpu::IRQ_DONE;
    if (offset == regs::gpu::CONTROL && (value & regs::gpu::CONTROL_START) && !m_started) {
        m_started = true;
        m_start_ps = now_ps();
        m_engine->start();
    }
}

void gpu::trace(tracer& t) const {
    m_memory.trace(t);
    m_engine->trace(t);
}

} // namespace lumen
