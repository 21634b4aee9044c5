// SPDX-License-Identifier: Apache-2.0
// host_cpu: the pod's host CPU running the driver, a TLM initiator on the
// control path. It checks every device's ID, arms the GPUs' completion
// interrupts (or not, to poll), starts every GPU, waits until all are done,
// and reads each GPU's and switch's counters back. What it read is what a
// run reports, as software would see it. One thread for the whole run: the
// driver is a sequential program, and it makes a few dozen accesses.
#pragma once

#include "models/gpu/gpu_interfaces.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lumen {

enum class completion_mode { INTERRUPT, POLL };

struct host_params {
    unsigned gpus = 8;
    unsigned switches = 4;
    completion_mode completion = completion_mode::INTERRUPT;
    double poll_interval_ns = 1000.0; // between status sweeps when polling
};

struct gpu_readout {
    uint64_t issued = 0, completed = 0, checked = 0, mismatches = 0, bytes = 0;
    uint64_t start_ps = 0, done_ps = 0, wait_ps = 0, compute_ps = 0;
};

struct switch_readout {
    uint64_t forwarded = 0, max_queue = 0, in_flight = 0;
};

class host_cpu : public sc_core::sc_module, public interrupt_if {
public:
    tlm_utils::simple_initiator_socket<host_cpu> ctrl_out;

    SC_HAS_PROCESS(host_cpu);
    host_cpu(sc_core::sc_module_name name, const host_params& params);

    // A GPU's completion interrupt line (level: asserted while DONE).
    void interrupt(unsigned gpu) override;

    // Set once the driver has read every counter back.
    bool finished() const { return m_finished; }
    // Empty when the driver met nothing unexpected, else what it met.
    const std::string& error() const { return m_error; }
    const std::vector<gpu_readout>& gpus() const { return m_gpus; }
    const std::vector<switch_readout>& switches() const { return m_switches; }
    uint64_t interrupts() const { return m_interrupts; }
    uint64_t status_reads() const { return m_status_reads; }

private:
    void driver();
    void access(tlm::tlm_command command, uint64_t address, uint64_t& value);
    uint64_t read(uint64_t address);
    void write(uint64_t address, uint64_t value);

    host_params m_params;
    std::vector<gpu_readout> m_gpus;
    std::vector<switch_readout> m_switches;
    std::vector<bool> m_irq_seen;
    sc_core::sc_event m_irq_event;
    uint64_t m_interrupts = 0, m_status_reads = 0;
    bool m_finished = false;
    std::string m_error;
};

} // namespace lumen
