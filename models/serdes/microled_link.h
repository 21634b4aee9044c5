// SPDX-License-Identifier: Apache-2.0
// microled_link: a full-duplex Micro LED link between two devices, A and B:
// per direction a lane array through imaging fiber with its link layer
// (link_channel). Each side has an `in` target socket, where the device's
// initiator sends requests (and takes their responses back), and an `out`
// initiator socket, which carries the other side's requests to this side's
// memory. A request from A travels a_in -> a_to_b -> b_out; its response
// comes back b_out -> b_to_a -> a_in.
//
// A direction that is down drops what it is given (a request at `in`, a
// response at `out`) and ends its handshake at once, as a port whose link
// is down discards its traffic: nothing upstream waits on it, and the
// requester's end-to-end timeout (models/gpu/plane_splitter.h) sends the
// request again over another path. What was queued or on the wire when it
// went down stays in its replay buffer and goes on if it comes back up.
#pragma once

#include "models/core/nonblocking_target.h"
#include "models/core/tracer.h"
#include "models/serdes/link_channel.h"
#include "models/serdes/link_params.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <functional>

namespace lumen::serdes {

class microled_link : public sc_core::sc_module, private nonblocking_target {
public:
    tlm_utils::simple_target_socket_tagged<microled_link> a_in;
    tlm_utils::simple_initiator_socket_tagged<microled_link> a_out;
    tlm_utils::simple_target_socket_tagged<microled_link> b_in;
    tlm_utils::simple_initiator_socket_tagged<microled_link> b_out;

    microled_link(sc_core::sc_module_name name, const link_params& params, uint64_t seed);

    const link_params& params() const { return m_params; }
    // Set by the owner: a direction went down or came back up.
    std::function<void()> status_changed;
    link_channel& a_to_b() { return m_a_to_b; }
    link_channel& b_to_a() { return m_b_to_a; }
    const link_channel& a_to_b() const { return m_a_to_b; }
    const link_channel& b_to_a() const { return m_b_to_a; }

    void trace(tracer& t) const;

private:
    enum side : int { A = 0, B = 1 };

    tlm::tlm_sync_enum in_fw(int s, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                             sc_core::sc_time& delay);
    tlm::tlm_sync_enum out_bw(int s, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                              sc_core::sc_time& delay);
    unsigned int in_dbg(int s, tlm::tlm_generic_payload& gp);
    bool deliver(int to, tlm::tlm_generic_payload& gp, unsigned vc);
    void space_freed(int from, unsigned vc);
    // Channel leaving side s went down or came up: a message waiting for
    // room in it is dropped now, then the owner hears of it.
    void channel_changed(int from);

    // Channel that leaves side s, and the sockets of side s.
    link_channel& from(int s) { return s == A ? m_a_to_b : m_b_to_a; }
    tlm_utils::simple_target_socket_tagged<microled_link>& in(int s) {
        return s == A ? a_in : b_in;
    }
    tlm_utils::simple_initiator_socket_tagged<microled_link>& out(int s) {
        return s == A ? a_out : b_out;
    }

    link_params m_params;
    link_channel m_a_to_b;
    link_channel m_b_to_a;
    // A request (at `in`) or response (at `out`) waiting for transmit-queue room.
    tlm::tlm_generic_payload* m_waiting_request[2] = {nullptr, nullptr};
    tlm::tlm_generic_payload* m_waiting_response[2] = {nullptr, nullptr};
    // A request delivered at `out` whose END_REQ has not come yet.
    tlm::tlm_generic_payload* m_awaiting_end_req[2] = {nullptr, nullptr};
};

} // namespace lumen::serdes
