// SPDX-License-Identifier: Apache-2.0
#include "models/host/host_cpu.h"

#include "models/core/calendar.h"
#include "models/host/register_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace lumen {

using namespace sc_core;

host_cpu::host_cpu(sc_module_name name, const host_params& params)
    : sc_module(name)
    , ctrl_out("ctrl_out")
    , m_params(params)
    , m_gpus(params.gpus)
    , m_switches(params.switches)
    , m_irq_seen(params.gpus, false) {
    SC_THREAD(driver);
}

void host_cpu::interrupt(unsigned gpu) {
    if (m_irq_seen[gpu]) return;
    m_irq_seen[gpu] = true;
    ++m_interrupts;
    calendar::current().notify_kernel(m_irq_event, 0);
}

// One 8-byte register access over the control path; the first failure is
// kept, named by the access and address.
void host_cpu::access(tlm::tlm_command command, uint64_t address, uint64_t& value) {
    tlm::tlm_generic_payload gp;
    gp.set_command(command);
    gp.set_address(address);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    gp.set_data_length(8);
    gp.set_streaming_width(8);
    sc_time delay = SC_ZERO_TIME;
    ctrl_out->b_transport(gp, delay);
    wait(delay);
    if (!gp.is_response_ok() && m_error.empty())
        m_error = fmt::format("control {} at 0x{:x}: {}",
                              command == tlm::TLM_READ_COMMAND ? "read" : "write", address,
                              gp.get_response_string());
}

uint64_t host_cpu::read(uint64_t address) {
    uint64_t value = 0;
    access(tlm::TLM_READ_COMMAND, address, value);
    return value;
}

void host_cpu::write(uint64_t address, uint64_t value) {
    access(tlm::TLM_WRITE_COMMAND, address, value);
}

void host_cpu::driver() {
    // Discover: every block answers with its ID.
    for (unsigned g = 0; g < m_params.gpus; ++g)
        if (read(regs::gpu_base(g) + regs::gpu::ID) != (regs::gpu_id_magic | g) && m_error.empty())
            m_error = fmt::format("GPU {} does not answer with its ID", g);
    for (unsigned s = 0; s < m_params.switches; ++s)
        if (read(regs::switch_base(s) + regs::sw::ID) != (regs::switch_id_magic | s) &&
            m_error.empty())
            m_error = fmt::format("switch {} does not answer with its ID", s);
    if (!m_error.empty()) return;

    const bool irq = m_params.completion == completion_mode::INTERRUPT;
    for (unsigned g = 0; g < m_params.gpus; ++g) {
        if (irq) write(regs::gpu_base(g) + regs::gpu::IRQ_ENABLE, regs::gpu::IRQ_DONE);
        write(regs::gpu_base(g) + regs::gpu::CONTROL, regs::gpu::CONTROL_START);
    }

    // Wait for all: an interrupt names its GPU, and the driver confirms DONE
    // in its status; polling sweeps the status of the GPUs not yet done.
    std::vector<bool> done(m_params.gpus, false);
    unsigned remaining = m_params.gpus;
    while (remaining > 0) {
        if (irq) {
            bool any = false;
            for (unsigned g = 0; g < m_params.gpus; ++g) any = any || (m_irq_seen[g] && !done[g]);
            if (!any) wait(m_irq_event);
        }
        for (unsigned g = 0; g < m_params.gpus; ++g) {
            if (done[g] || (irq && !m_irq_seen[g])) continue;
            ++m_status_reads;
            if (read(regs::gpu_base(g) + regs::gpu::STATUS) & regs::gpu::STATUS_DONE) {
                done[g] = true;
                --remaining;
            }
        }
        if (!irq && remaining > 0) wait(sc_time(m_params.poll_interval_ns, SC_NS));
    }

    for (unsigned g = 0; g < m_params.gpus; ++g) {
        const uint64_t b = regs::gpu_base(g);
        gpu_readout& r = m_gpus[g];
        r.issued = read(b + regs::gpu::ISSUED);
        r.completed = read(b + regs::gpu::COMPLETED);
        r.checked = read(b + regs::gpu::CHECKED);
        r.mismatches = read(b + regs::gpu::MISMATCHES);
        r.bytes = read(b + regs::gpu::BYTES);
        r.start_ps = read(b + regs::gpu::START_PS);
        r.done_ps = read(b + regs::gpu::DONE_PS);
        r.wait_ps = read(b + regs::gpu::WAIT_PS);
        r.compute_ps = read(b + regs::gpu::COMPUTE_PS);
    }
    for (unsigned s = 0; s < m_params.switches; ++s) {
        const uint64_t b = regs::switch_base(s);
        m_switches[s].forwarded = read(b + regs::sw::FORWARDED);
        m_switches[s].max_queue = read(b + regs::sw::MAX_QUEUE);
        m_switches[s].in_flight = read(b + regs::sw::IN_FLIGHT);
    }
    m_finished = true;
}

} // namespace lumen
