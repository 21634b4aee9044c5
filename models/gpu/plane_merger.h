// SPDX-License-Identifier: Apache-2.0
// plane_merger: the GPU-side fan-in from its switch planes to its one memory
// port. One AT target `in[s]` per plane, one initiator `out` to the memory.
// Requests of all planes take turns at the memory's request channel in
// arrival order; a request waiting for its turn holds its plane's END_REQ,
// so the memory's back-pressure reaches every link. Responses go back to the
// plane their address interleaves to.
#pragma once

#include "models/core/calendar.h"
#include "models/core/nonblocking_target.h"
#include "models/gpu/plane_splitter.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <deque>
#include <utility>
#include <vector>

namespace lumen {

class plane_merger : public sc_core::sc_module, private nonblocking_target {
public:
    sc_core::sc_vector<tlm_utils::simple_target_socket_tagged<plane_merger>> in;
    tlm_utils::simple_initiator_socket<plane_merger> out;

    plane_merger(sc_core::sc_module_name name, const plane_interleave& map);

private:
    struct waiting_request {
        unsigned plane;
        tlm::tlm_generic_payload* gp;
    };

    tlm::tlm_sync_enum in_fw(int plane, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                             sc_core::sc_time& delay);
    tlm::tlm_sync_enum out_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                              sc_core::sc_time& delay);
    unsigned int in_dbg(int plane, tlm::tlm_generic_payload& gp);
    // Sends waiting requests to the memory until it withholds END_REQ.
    void issue();
    // True when the memory took the request at once.
    bool forward(tlm::tlm_generic_payload& gp);

    // The plane a request came from, until its response goes back. The
    // requests in it are those the memory holds (its queue and accesses in
    // service, a few dozen), so a scan of this short array is cheaper than a
    // hash map's node per request; one plane needs no record at all.
    void remember_plane(tlm::tlm_generic_payload& gp, unsigned plane);
    unsigned recall_plane(tlm::tlm_generic_payload& gp);

    plane_interleave m_map;
    std::vector<std::pair<tlm::tlm_generic_payload*, unsigned>> m_came_from;
    bool m_awaiting_end_req = false; // the memory has not taken the last request yet
    unsigned m_end_req_plane = 0;    // whose request that is
    bool m_end_req_owed = false;     // and whether its plane still waits for END_REQ
    std::deque<waiting_request> m_waiting;
    wake m_issue;
};

} // namespace lumen
