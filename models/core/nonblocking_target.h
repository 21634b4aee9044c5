// SPDX-License-Identifier: Apache-2.0
// For a model whose target sockets speak nb_transport only, as every model on
// a message's path does. A tlm_utils simple target socket given no
// b_transport spawns, at the start of simulation, a thread of its own that
// would turn a blocking call into non-blocking ones: a coroutine stack per
// socket, a dozen per GPU, each allocated and touched once at start (with
// 2 MiB pages, a page zeroed per stack or two: up to a tenth of the CPU
// time of a 256-GPU pod's run). No LumenLink initiator makes a blocking call
// on the message path, so such a model registers refuse_b_transport instead
// and the socket spawns nothing; a blocking call is then an error, not a
// silent adapter.
#pragma once

#include <systemc>
#include <tlm>

namespace lumen {

class nonblocking_target {
protected:
    // For register_b_transport: a simple_target_socket's, and a tagged one's.
    void refuse_b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) { refuse(gp); }
    void refuse_b_transport(int, tlm::tlm_generic_payload& gp, sc_core::sc_time&) { refuse(gp); }

private:
    static void refuse(tlm::tlm_generic_payload& gp) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        SC_REPORT_ERROR("lumen", "b_transport into a message-path socket, which speaks "
                                 "nb_transport (the approximately-timed protocol) only");
    }
};

} // namespace lumen
