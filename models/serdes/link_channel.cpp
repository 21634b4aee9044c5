// SPDX-License-Identifier: Apache-2.0
// The direction's lane array at start and its one timeline: what falls due
// (a packet at the receiver, a fault, the transmitter's wake) is taken here
// in time order and handed to the transmitter, receiver or lanes.
#include "models/serdes/link_channel.h"
#include "models/core/sim_time.h"

#include "models/core/log.h"

#include <cmath>

namespace lumen::serdes {

using namespace sc_core;

link_channel::link_channel(sc_module_name name, const link_params& params, uint64_t seed)
    : sc_module(name)
    , m_flight_ps(uint64_t(
          std::llround(params.tx_latency_ps() + params.propagation_ps() + params.rx_latency_ps())))
    , m_credits{params.rx_buffer_flits, params.rx_buffer_flits}
    , m_ber(0)
    , m_bits_to_error(0)
    , m_schedule(params)
    , m_params(params)
    , m_random(seed, std::string(this->name())) {
    unsigned physical = params.lanes + params.spare_lanes;
    m_lane_alive.assign(physical, 1);
    m_lane_ber = params.lane_ber;
    if (m_lane_ber.empty())
        for (unsigned i = 0; i < physical; ++i)
            m_lane_ber.push_back(params.ber * std::pow(10.0, params.ber_spread_decades *
                                                                 (2 * m_random.uniform() - 1)));
    for (unsigned lane : params.dead_lanes) m_lane_alive[lane] = 0;
    for (unsigned n = 0; n < params.dead_lane_count; ++n) {
        // Placed by the seed among the lanes still alive.
        unsigned pick = unsigned(m_random.below(physical - n));
        for (unsigned i = 0; i < physical; ++i)
            if (m_lane_alive[i] && pick-- == 0) {
                m_lane_alive[i] = 0;
                break;
            }
    }
    m_log = log_info_enabled();
    train();
    log_training("trained");
    m_bits_to_error = m_random.geometric(m_ber);
    m_due_wake.bind<&link_channel::on_due>(this);
}

void link_channel::on_due() {
    // At one picosecond: arrivals and faults in the order they were queued,
    // then the transmitter (a rule of the model, not of the kernel).
    const uint64_t now = now_ps();
    m_in_on_due = true; // what is queued meanwhile waits for the notify below
    for (;;) {
        const bool arrival_due = !m_arrivals.empty() && m_arrivals.front().due_ps <= now;
        const bool fault_due = m_next_fault_ps <= now;
        if (!arrival_due && !fault_due) break;
        if (fault_due && (!arrival_due || m_faults_due.front().due_ps < m_arrivals.front().due_ps ||
                          (m_faults_due.front().due_ps == m_arrivals.front().due_ps &&
                           m_faults_due.front().order < m_arrivals.front().order))) {
            const size_t index = m_faults_due.front().index;
            m_faults_due.erase(m_faults_due.begin());
            m_next_fault_ps = m_faults_due.empty() ? no_wake : m_faults_due.front().due_ps;
            apply_fault(m_fault_list[index], now);
        } else {
            const arrival a = m_arrivals.front();
            m_arrivals.pop_front();
            receive(a, now);
        }
    }
    if (m_tx_wake_ps <= now) {
        m_tx_wake_ps = no_wake;
        try_transmit(now);
    }
    m_in_on_due = false;
    // Once, for whichever comes first.
    m_due_wake.notify_at(std::min(m_tx_wake_ps, next_due_ps()), now);
}

void link_channel::push_arrival(const arrival& a) {
    m_arrivals.push_back(a);
    for (size_t i = m_arrivals.size() - 1; i > 0 && m_arrivals[i - 1].due_ps > a.due_ps; --i)
        std::swap(m_arrivals[i - 1], m_arrivals[i]);
}

void link_channel::trace(tracer& t) const {
    std::string n = name();
    t.add(m_busy, n + ".busy");
    t.add(m_credits[VC_REQUEST], n + ".credits_request");
    t.add(m_credits[VC_RESPONSE], n + ".credits_response");
    t.add(m_replay_flits, n + ".replay_flits");
    t.add(m_lanes_active, n + ".lanes_active");
    t.add(m_training, n + ".training");
    // What a designer looks for when a link misbehaves: the counters step
    // at each event.
    t.add(m_txq_messages, n + ".tx_queue_depth");
    t.add(m_stats.crc_errors, n + ".crc_errors");
    t.add(m_stats.naks, n + ".naks");
    t.add(m_stats.retries, n + ".replays");
}

} // namespace lumen::serdes
