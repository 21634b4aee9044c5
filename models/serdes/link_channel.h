// SPDX-License-Identifier: Apache-2.0
// link_channel: one direction of a Micro LED link. The transmitter frames each
// message into flits (header, payload, CRC-32C over the real bytes), stripes
// them over the active lanes, and keeps them in a replay buffer until the
// receiver acknowledges them; the receiver checks every flit's CRC, NAKs the
// first bad one and drops what follows it (go-back-N), and returns credits as
// its buffer drains. Two virtual channels, requests and responses, have their
// own credits (one per flit of the receiver's buffer), so responses always
// drain and the link cannot deadlock.
//
// Time: serialization is ceil(wire_bits / lanes) unit intervals counted over a
// whole busy period (flits pack back to back into the lane stream, and a busy
// period's end is kept in whole UIs: lane_schedule); a packet is checked at
// the receiver the direction's fixed flight time after its last bit. ACK, NAK
// and credits ride in the reverse direction's symbols and take the same fixed
// latency but no bandwidth; control symbols are assumed error-free.
//
// Events: each direction keeps one timeline with one wake on the platform's
// calendar (packet arrivals in a FIFO, faults, and the transmitter's wakes,
// due in time order and, at the same picosecond, in the order the model
// queued them) and one method, on_due(), that takes what is due. Control
// symbols, whose latency is fixed, arrive in the order they were sent: they
// wait in a FIFO and apply, in time order, when the transmitter next looks
// at its credits, so an ACK or a credit costs no process activation of its
// own. The transmitter wakes when a message comes in to idle lanes, when its
// lanes come free (to send the next packet, or to find none and go idle),
// for a NAK (a replay to send), and, when no packet can go, for the control
// symbol that lets one go. Same-time results are what they would be with
// every symbol applied at its time. A VCD trace or the log adds no wake: the
// same-time order of wakes is part of a run, so a trace may not change it. A
// traced link's credits step when the transmitter applies them, at its next
// look, not at the symbol's arrival.
#pragma once

#include "models/core/calendar.h"
#include "models/core/random.h"
#include "models/core/ring.h"
#include "models/core/tracer.h"
#include "models/serdes/lane_schedule.h"
#include "models/serdes/link_params.h"

#include <systemc>
#include <tlm>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace lumen::serdes {

enum virtual_channel : unsigned { VC_REQUEST = 0, VC_RESPONSE = 1, VC_COUNT = 2 };

struct link_direction_stats {
    uint64_t messages = 0;      // delivered to the far side
    uint64_t payload_bytes = 0; // data bytes delivered (not counting replays)
    uint64_t flits_sent = 0;    // including replays
    uint64_t wire_bits = 0;     // including replays
    uint64_t busy_ps = 0;       // time the lanes were serializing
    uint64_t crc_errors = 0;    // flits the receiver's CRC rejected
    uint64_t bit_errors = 0;    // bits flipped in flight
    uint64_t retries = 0;       // packets sent again from the replay buffer
    uint64_t naks = 0;
    unsigned max_rx_flits[VC_COUNT] = {0, 0};
    unsigned max_replay_flits = 0;
    uint64_t rx_overflows = 0; // must stay zero: credits forbid it
    // Stalls: times the lanes were free and a message was ready, but it had
    // no credits or replay room (each stall counted once, however long).
    uint64_t credit_stalls = 0;
    uint64_t retrains = 0;
    uint64_t corrupted_by_faults = 0; // packets on the wire when a lane or the link failed
    uint64_t dropped = 0;             // messages given to the link while it was down
    // (time, lanes active) at start and after every training; 0 lanes = down.
    std::vector<std::pair<uint64_t, unsigned>> lanes_timeline;
};

class link_channel : public sc_core::sc_module {
public:
    link_channel(sc_core::sc_module_name name, const link_params& params, uint64_t seed);

    // Ingress: room in the transmit queue of a virtual channel.
    bool can_accept(unsigned vc) const { return m_txq[vc].size() < m_params.tx_queue_messages; }
    void accept(tlm::tlm_generic_payload* gp, unsigned vc);

    // Egress, set by the owner: hand a received message on; false means the
    // far side will accept it later, and the owner then calls delivered(vc).
    std::function<bool(tlm::tlm_generic_payload&, unsigned vc)> deliver;
    void delivered(unsigned vc);
    // Set by the owner: a transmit queue that was full has room again.
    std::function<void(unsigned vc)> space_freed;

    // Before the run: a fault to apply at its time.
    void schedule_fault(const lane_fault& f);
    bool up() const { return !m_down; }
    // Called when the link goes down or comes back up (after the state changed).
    std::function<void()> status_changed;
    // Why and since when the link is down (meaningful while !up()): a
    // link_down fault, or lane deaths below link.min_lanes.
    bool down_by_fault() const { return m_down_by_fault; }
    uint64_t down_since_ps() const { return m_down_since_ps; }
    // A message the owner could not hand over because the link is down.
    void count_dropped() { ++m_stats.dropped; }
    unsigned lanes_active() const { return m_lanes_active; }

    const link_direction_stats& stats() const { return m_stats; }
    const link_params& params() const { return m_params; }
    void trace(tracer& t) const;

private:
    struct packet {
        uint64_t seq;
        tlm::tlm_generic_payload* gp;
        unsigned vc;
        unsigned flits;
        uint32_t data_bytes;
    };
    // What falls due on the direction's timeline: a packet's arrival or a
    // fault (the transmitter's one wake is kept beside them, on the same
    // event), taken in (time, order queued) as one heap of both would give.
    // The wire carries the replay-buffer entry of `seq` (it stays there
    // until the receiver has accepted its last copy). Packets leave the
    // serializer in order and fly a fixed time, so arrivals fall due in the
    // order they were sent: a FIFO, not a heap. Only a packet sent right
    // after a retraining that stopped the serializer early may be due
    // before one still on the wire; push_arrival() keeps the order then.
    struct arrival {
        uint64_t due_ps;
        uint64_t order;
        uint64_t seq;
        uint64_t transmission; // key of corrupted flit copies
    };
    struct fault_due {
        uint64_t due_ps;
        uint64_t order;
        size_t index; // in m_fault_list
    };
    enum class control_kind : uint8_t { ACK, NAK, CREDIT };
    struct control {
        uint64_t due_ps; // reaches the transmitter
        uint64_t value;  // sequence number, or credits
        control_kind kind;
        unsigned vc;
    };

    void on_due(); // on m_due_wake: what the timeline has due now
    void push_arrival(const arrival& a);
    uint64_t next_due_ps() const {
        return m_arrivals.empty() ? m_next_fault_ps
                                  : std::min(m_arrivals.front().due_ps, m_next_fault_ps);
    }
    // Like a timed queue's push: the wake set for the earliest item due.
    void notify_next_due(uint64_t now) { m_due_wake.notify_at(next_due_ps(), now); }

    // Transmitter (link_transmitter.cpp).
    void try_transmit(uint64_t now); // once at a time: transmit() calls out of the link
    void transmit(uint64_t now);     // due controls, then the next packet if one can go
    packet* take_packet(int& freed_vc);
    bool has_work() const {
        return m_resend_index < m_replay.size() || !m_txq[VC_REQUEST].empty() ||
               !m_txq[VC_RESPONSE].empty();
    }
    bool can_send() const;        // a packet has its credits and replay room now
    void plan_wake(uint64_t now); // lanes busy or training: when to look again
    // Blocked with the lanes free from `free_ps`: wait for a symbol that helps.
    void wait_for_control(uint64_t free_ps, uint64_t now);
    bool unblocks(const control& c) const;
    void wake_transmitter_at(uint64_t due_ps, uint64_t now);
    void apply_due_controls(uint64_t now) {
        while (!m_control.empty() && m_control.front().due_ps <= now) {
            apply_control(m_control.front());
            m_control.pop_front();
        }
    }
    void apply_control(const control& c);
    void build_header(const packet& p, unsigned flit, unsigned char* out) const;
    const unsigned char* flit_data(const packet& p, unsigned flit, uint32_t& length) const;

    // Receiver (link_receiver.cpp).
    void receive(const arrival& a, uint64_t now);
    const packet& in_flight(uint64_t seq) const;
    void try_deliver(unsigned vc, uint64_t now);
    void finish_delivery(unsigned vc, uint64_t now);
    void send_control(control_kind kind, uint64_t value, unsigned vc, uint64_t now);

    // Lanes: bit errors, faults, training (link_faults.cpp).
    void inject_errors(const packet& p, uint64_t wire_bits, uint64_t transmission);
    void flip_bit(const packet& p, uint64_t transmission, unsigned flit, uint64_t framed_bit);
    void train(); // lanes active and BER from the lanes alive
    void apply_fault(const lane_fault& f, uint64_t now);
    void lose_in_flight(uint64_t now); // what is on the wire when lanes fail arrives corrupted

    void log_training(const char* what) const;
    void log_nak(uint64_t now);
    void log_storm_over(uint64_t now);

    // The state a packet touches comes first and together: with hundreds of
    // links taking turns, a direction's state is cold when its next packet
    // comes, and each cache line it spans is a miss. What faults, training
    // and the log use comes last.
    static constexpr uint64_t no_wake = calendar::never; // a wake asked for then is none
    wake m_due_wake;                    // the earliest arrival, fault or transmitter wake
    ring<arrival> m_arrivals;           // in (due_ps, order)
    uint64_t m_next_fault_ps = no_wake; // m_faults_due's first, or none
    uint64_t m_due_order = 0;           // push order, which breaks ties in time
    bool m_in_on_due = false;           // on_due() sets its wake once when it is done
    uint64_t m_flight_ps; // end of serialization to packet checked at the receiver; control latency

    // Transmitter.
    // Rings, not deques: a few cache lines per direction, not dozens. A push
    // may move their elements, so no reference into one is kept across a push.
    ring<tlm::tlm_generic_payload*> m_txq[VC_COUNT];
    ring<packet> m_replay;     // sent or about to be, not yet acknowledged
    ring<control> m_control;   // in flight to the transmitter, in due order
    size_t m_resend_index = 0; // next entry of m_replay to (re)transmit
    unsigned m_replay_flits = 0;
    unsigned m_credits[VC_COUNT];
    unsigned m_next_vc = 0;      // round robin between virtual channels
    unsigned m_naks_pending = 0; // NAKs among m_control
    uint64_t m_next_seq = 0;
    uint64_t m_sent_seq_end = 0;  // sequence numbers below this were sent once
    uint64_t m_busy_until_ps = 0; // the serializer's current slot ends
    double m_ber;                 // what the link layer sees, after any FEC
    uint64_t m_bits_to_error;     // wire bits until the next flipped bit
    uint64_t m_transmissions = 0;
    uint64_t m_tx_wake_ps = no_wake; // the transmitter's pending wake, on m_due_wake
    bool m_in_transmit = false, m_transmit_again = false;
    // Blocked with the lanes free: which control symbols could let a packet go.
    bool m_waits_for_control = false;
    bool m_stalled = false; // the current stall is counted
    bool m_needs_credit[VC_COUNT] = {false, false};
    bool m_needs_room = false;
    lane_schedule m_schedule; // busy periods in whole unit intervals

    // Receiver.
    uint64_t m_expected_seq = 0;
    ring<std::pair<tlm::tlm_generic_payload*, unsigned>> m_rxq[VC_COUNT]; // with flits
    unsigned m_rx_flits[VC_COUNT] = {0, 0};
    bool m_delivering[VC_COUNT] = {false, false};
    std::map<std::pair<uint64_t, unsigned>, std::vector<unsigned char>> m_corrupted;

    // Lanes and traced state that every packet reads or steps.
    bool m_down = false;
    bool m_busy = false;
    bool m_training = false;
    bool m_log = false;
    bool m_nak_storm = false;
    unsigned m_lanes_active = 0;
    unsigned m_txq_messages = 0; // both virtual channels' transmit queues
    uint64_t m_training_until_ps = 0;

    link_params m_params;
    link_direction_stats m_stats;

    // Cold: the lane array, faults, the log.
    random_stream m_random;
    std::vector<uint8_t> m_lane_alive; // per physical lane
    std::vector<double> m_lane_ber;
    bool m_down_by_fault = false;
    uint64_t m_down_since_ps = 0;
    std::vector<lane_fault> m_fault_list; // as scheduled
    std::vector<fault_due> m_faults_due;  // not yet applied, in (due_ps, order)

    // --verbose: NAK storms, found from the times of the last NAKs (kept
    // only when the log is on: nothing is done for it otherwise).
    static constexpr unsigned nak_storm_naks = 8;
    static constexpr uint64_t nak_storm_window_ps = 10'000'000;
    std::array<uint64_t, nak_storm_naks> m_nak_ps{};
    uint64_t m_nak_count = 0;
    uint64_t m_storm_start_ps = 0, m_storm_first_nak = 0;
};

} // namespace lumen::serdes
