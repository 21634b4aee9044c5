// SPDX-License-Identifier: Apache-2.0
// control_bus: the host's control path to the devices' register blocks, a
// PCIe-like link: every access pays a one-way latency each way and its
// bytes at the path's bandwidth, one access at a time. Writes are posted
// (the host goes on once its bytes are out; the register changes when the
// write arrives), reads wait for their completion. A loosely-timed target
// (b_transport, called from the host's driver thread): control traffic is
// rare next to the data path.
#pragma once

#include "models/core/timed_queue.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace lumen {

struct control_bus_params {
    double latency_ns = 500.0;  // one way, host to device (PCIe switch and root complex)
    double bandwidth_GBps = 32; // of the control path (a PCIe Gen5 x4 port, about)
    unsigned header_bytes = 24; // TLP header, framing and CRC per access
};

// A device's block of 64-bit registers.
struct register_file {
    std::function<uint64_t(uint64_t offset)> read;
    std::function<void(uint64_t offset, uint64_t value)> write;
};

class control_bus : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<control_bus> host_in;

    control_bus(sc_core::sc_module_name name, const control_bus_params& params);

    // Maps the block [base, base + bytes) to `registers`.
    void map(uint64_t base, uint64_t bytes, register_file registers);

    uint64_t accesses() const { return m_accesses; }

private:
    struct pending_write {
        size_t block;
        uint64_t offset, value;
    };
    struct mapping {
        uint64_t base, bytes;
        register_file registers;
    };

    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void apply_writes();
    uint64_t wire_ps(unsigned bytes) const;

    control_bus_params m_params;
    std::vector<mapping> m_blocks;
    timed_queue<pending_write> m_writes;
    uint64_t m_path_free_ps = 0; // the path carries one access at a time
    uint64_t m_accesses = 0;
};

} // namespace lumen
