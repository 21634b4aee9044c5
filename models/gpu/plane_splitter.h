// SPDX-License-Identifier: Apache-2.0
// plane_splitter: the GPU-side fan-out to its switch planes (as an NVLink GPU
// spreads its traffic over the links to its NVSwitch chips). One AT target
// `in` for the GPU's initiator, one initiator `out[s]` per plane; a request
// goes to the plane its address interleaves to, and the response comes back
// the same way. Back-pressure passes through: END_REQ comes from the plane.
//
// It is also where a GPU recovers from a path that died (end-to-end, as a
// NIC's transport layer does): every request carries a sequence number per
// destination and waits at most `recovery.timeout_ps` for its response; a
// request not answered by then goes again, as a copy, over the next plane
// that can carry it (in a one-plane fabric the same plane, whose switches
// route around dead links, with another ECMP hash). The first response wins
// and later ones are dropped here; the target executes a write once
// (memory_port's duplicate filter). A timeout with no plane able to carry
// it sends nothing and waits another timeout (a link may come back up).
// After `recovery.retry_limit` such attempts the request is given up: it
// goes back to the initiator marked lost (source_extension::lost). A posted
// write (models/core/posted_extension.h) is numbered but not recorded: it
// waits for no response, so nothing times it out.
#pragma once

#include "models/core/calendar.h"
#include "models/core/nonblocking_target.h"
#include "models/core/payload_pool.h"
#include "models/gpu/gpu_interfaces.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>
#include <map>
#include <queue>
#include <vector>

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

struct recovery_params {
    uint64_t timeout_ps = 1000000000; // until a request is sent again, and between copies
    unsigned retry_limit = 8;         // timeouts after the first, then it is lost
};

struct recovery_stats {
    uint64_t reissued = 0;                // copies sent after a timeout
    uint64_t late_responses = 0;          // responses to a request answered already, dropped
    uint64_t given_up = 0;                // requests returned lost
    std::map<unsigned, uint64_t> lost_to; // destination GPU -> requests given up
};

class plane_splitter : public sc_core::sc_module, private nonblocking_target {
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
                   uint64_t memory_stride, const recovery_params& recovery = {});

    // The fabric's paths changed (a link went down or came up): from now on
    // requests past their deadline are sent again. Until then no timer runs:
    // in this model only a link that is down loses a request, and a timer's
    // wakes would cost a fault-free run time for nothing.
    void paths_changed();

    uint64_t rerouted() const { return m_rerouted; }
    const recovery_stats& recovery() const { return m_recovery; }

private:
    // A request from the initiator until it is answered or given up; held
    // in issue order, indexed by its tag.
    struct record {
        tlm::tlm_generic_payload* original;
        uint64_t deadline_ps;
        unsigned plane;        // of its latest copy
        unsigned attempts = 0; // timeouts so far (copies sent, or waits without a path)
        bool answered = false;
        bool held = false; // this splitter holds a reference to `original`
    };
    static constexpr unsigned no_plane = ~0u;

    tlm::tlm_sync_enum in_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                             sc_core::sc_time& delay);
    tlm::tlm_sync_enum out_bw(int plane, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                              sc_core::sc_time& delay);
    unsigned int in_dbg(tlm::tlm_generic_payload& gp);
    // Hands a response up (or queues it behind the one in flight); `plane`
    // gets its END_RESP once the initiator took it (no_plane: a copy's
    // response, ended already).
    tlm::tlm_sync_enum respond(tlm::tlm_generic_payload& gp, unsigned plane, tlm::tlm_phase& phase);
    // Hands the oldest waiting response up, and ends it toward its plane.
    bool send_response(tlm::tlm_generic_payload& gp, unsigned plane);
    unsigned plane_for(uint64_t address);
    bool usable(unsigned plane, uint64_t address) const;
    unsigned destination(const tlm::tlm_generic_payload& gp) const {
        return unsigned(gp.get_address() / m_memory_stride);
    }

    // Recovery (plane_splitter_recovery.cpp).
    record* find(const tlm::tlm_generic_payload& gp);
    // Numbers a request and, unless it is a posted write, records it; returns its plane.
    unsigned track(tlm::tlm_generic_payload& gp);
    // A response for a request already answered: dropped, our reference released.
    bool late(tlm::tlm_generic_payload& gp);
    void answered(record& r);
    void on_timeout(); // on m_timer: requests past their deadline
    void arm_timer();  // for the earliest deadline still waited on
    void reissue(record& r, unsigned plane);
    void give_up(record& r);
    void hold(record& r);            // keeps `original` from reuse while a copy may return
    void release_end_req(record& r); // the initiator waits no longer for its END_REQ
    // Sends a BEGIN_REQ on `plane` now, or after the one it has not ended yet.
    void send_or_queue(unsigned plane, tlm::tlm_generic_payload& gp);
    void drain(unsigned plane);

    plane_interleave m_map;
    unsigned m_gpu;
    uint64_t m_memory_stride;
    recovery_params m_params;
    // The base protocol allows one BEGIN_RESP in flight toward the initiator:
    // responses of other planes wait here (their END_RESP withheld).
    bool m_response_in_flight = false;
    unsigned m_response_plane = 0; // of the response in flight
    std::deque<std::pair<tlm::tlm_generic_payload*, unsigned>> m_waiting_responses;
    uint64_t m_rerouted = 0;

    // Per plane, the request whose END_REQ it still owes (one at a time), and
    // what waits to go after it: copies, or the initiator's request.
    std::vector<tlm::tlm_generic_payload*> m_plane_busy;
    std::vector<std::deque<tlm::tlm_generic_payload*>> m_plane_queue;
    // The initiator's request whose END_REQ it still waits for.
    tlm::tlm_generic_payload* m_initiator_waits = nullptr;

    std::vector<uint64_t> m_next_seq; // per destination GPU
    uint64_t m_next_tag = 0;
    std::deque<record> m_records; // tags m_first_tag ...
    uint64_t m_first_tag = 0;
    uint64_t m_waiting = 0; // records not answered
    // Deadlines (ps, tag), earliest first; an entry whose record moved on is skipped.
    std::priority_queue<std::pair<uint64_t, uint64_t>, std::vector<std::pair<uint64_t, uint64_t>>,
                        std::greater<>>
        m_deadlines;
    bool m_watching = false;            // paths_changed() was called
    uint64_t m_timer_at = ~uint64_t(0); // the timer's pending wake
    wake m_timer;
    payload_pool m_copies;
    recovery_stats m_recovery;
};

} // namespace lumen
