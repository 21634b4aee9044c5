// SPDX-License-Identifier: Apache-2.0
#include "models/host/control_bus.h"

#include "models/core/sim_time.h"

#include <cmath>
#include <cstring>

namespace lumen {

using namespace sc_core;

control_bus::control_bus(sc_module_name name, const control_bus_params& params)
    : sc_module(name)
    , host_in("host_in")
    , m_params(params) {
    host_in.register_b_transport(this, &control_bus::b_transport);
    m_writes.bind<&control_bus::apply_writes>(this);
}

void control_bus::map(uint64_t base, uint64_t bytes, register_file registers) {
    m_blocks.push_back({base, bytes, std::move(registers)});
}

uint64_t control_bus::wire_ps(unsigned bytes) const {
    return uint64_t(
        std::llround((bytes + m_params.header_bytes) / m_params.bandwidth_GBps * 1000.0));
}

void control_bus::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    ++m_accesses;
    const uint64_t address = gp.get_address();
    size_t b = 0;
    while (b < m_blocks.size() &&
           !(address >= m_blocks[b].base && address < m_blocks[b].base + m_blocks[b].bytes))
        ++b;
    if (b == m_blocks.size()) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (gp.get_data_length() != 8 || address % 8 != 0) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    const uint64_t offset = address - m_blocks[b].base;
    const uint64_t latency_ps = uint64_t(std::llround(m_params.latency_ns * 1000.0));
    // The access starts when the host's local time and the path allow.
    const uint64_t start = std::max<uint64_t>(now_ps() + delay.value(), m_path_free_ps);
    const uint64_t out_ps = wire_ps(gp.is_write() ? 8 : 0);
    m_path_free_ps = start + out_ps;
    if (gp.is_write()) {
        uint64_t value;
        std::memcpy(&value, gp.get_data_ptr(), 8);
        const uint64_t arrives = start + out_ps + latency_ps;
        m_writes.push({b, offset, value}, sc_time::from_value(arrives - now_ps()));
        delay = sc_time::from_value(m_path_free_ps - now_ps());
    } else {
        // The request reaches the device, which answers with the register's
        // value at that moment; the completion comes back with 8 data bytes.
        // The caller is a thread (the host's driver), so it waits here.
        const uint64_t at_device = start + out_ps + latency_ps;
        const uint64_t back = at_device + wire_ps(8) + latency_ps;
        m_path_free_ps = std::max<uint64_t>(m_path_free_ps, at_device + wire_ps(8));
        wait(sc_time::from_value(at_device - now_ps()));
        uint64_t value = m_blocks[b].registers.read(offset);
        std::memcpy(gp.get_data_ptr(), &value, 8);
        delay = sc_time::from_value(back - now_ps());
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void control_bus::apply_writes() {
    pending_write w;
    while (m_writes.pop_due(w)) m_blocks[w.block].registers.write(w.offset, w.value);
}

} // namespace lumen
