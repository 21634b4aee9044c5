// SPDX-License-Identifier: Apache-2.0
// plane_splitter: the GPU-side fan-out to its switch planes (as an NVLink GPU
// spreads its traffic over the links to its NVSwitch chips). One AT target
// `in` for the GPU's initiator, one initiator `out[s]` per plane; a request
// goes to the plane its address interleaves to, and the response comes back
// the same way. Back-pressure passes through: END_REQ comes from the plane.
#pragma once

#include "models/gpu/gpu_interfaces.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>

namespace lumen {

// Addresses are dealt to planes in `interleave_bytes` blocks, round robin.
// A request never straddles two blocks (the platform checks its sizes).
struct plane_interleave {
    unsigned planes = 1;
    uint64_t interleave_bytes = 4096;
    unsigned plane_of(uint64_t address) const {
        return unsigned((address / interleave_bytes) % planes);
    }
};

class plane_splitter : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<plane_splitter> in;
    sc_core::sc_vector<tlm_utils::simple_initiator_socket_tagged<plane_splitter>> out;
    // Whether a plane can carry a request to its destination (its links up
    // end to end). A request whose own plane cannot goes over the next plane
    // that can, as traffic leaves a link that stays down. Unbound: every
    // request takes its own plane.
    sc_core::sc_port<path_status_if, 1, sc_core::SC_ZERO_OR_MORE_BOUND> paths;

    // The splitter of GPU `gpu`, in a system where GPU d's memory starts at
    // d * memory_stride. Debug accesses (transport_dbg) take the plane of
    // their address too.
    plane_splitter(sc_core::sc_module_name name, const plane_interleave& map, unsigned gpu,
                   uint64_t memory_stride);

    uint64_t rerouted() const { return m_rerouted; }

private:
    tlm::tlm_sync_enum in_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                             sc_core::sc_time& delay);
    tlm::tlm_sync_enum out_bw(int plane, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                              sc_core::sc_time& delay);
    unsigned int in_dbg(tlm::tlm_generic_payload& gp);
    // Hands the oldest waiting response up, and ends it toward its plane.
    bool send_response(tlm::tlm_generic_payload& gp, unsigned plane);
    unsigned plane_for(uint64_t address);

    bool usable(unsigned plane, uint64_t address) const;

    plane_interleave m_map;
    unsigned m_gpu;
    uint64_t m_memory_stride;
    // The base protocol allows one BEGIN_RESP in flight toward the initiator:
    // responses of other planes wait here (their END_RESP withheld).
    bool m_response_in_flight = false;
    unsigned m_response_plane = 0; // of the response in flight
    std::deque<std::pair<tlm::tlm_generic_payload*, unsigned>> m_waiting_responses;
    uint64_t m_rerouted = 0;
};

} // namespace lumen
