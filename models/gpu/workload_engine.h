// SPDX-License-Identifier: Apache-2.0
// workload_engine: what a GPU sees of the engine that runs its workload,
// whichever it is (a synthetic traffic pattern's copy engine or a
// collective program's). The GPU starts it, learns when it is done, reads
// its counters into its registers and checks its result; the engine's
// requests leave through its initiator socket into the GPU's plane splitter.
#pragma once

#include "models/core/stats.h"
#include "models/core/tracer.h"
#include "models/gpu/gpu_interfaces.h"

#include <systemc>
#include <tlm>

#include <cstdint>
#include <functional>

namespace lumen {

class workload_engine {
public:
    using flag_port = sc_core::sc_port<flag_if, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;

    virtual ~workload_engine() = default;

    // Requests leave through it, toward the GPU's plane splitter.
    virtual tlm::tlm_initiator_socket<>& initiator() = 0;
    // The engine's flags to peers leave through the GPU's `flags` port.
    virtual void bind_flags(flag_port& gpu_flags) = 0;

    // Before the run: put in place what the engine will read.
    virtual void preload() = 0;
    virtual void start() = 0;
    virtual bool done() const = 0;
    // The share of its work done so far, 0 .. 1, for the progress line.
    virtual double fraction_done() const = 0;
    // Once done, or at the end of a run: counts what is still in flight as
    // lost, and verifies what the engine itself can (not idempotent: once).
    virtual void finish() = 0;
    // A peer's send into this GPU's memory has completed.
    virtual void flag_arrived(unsigned source, uint32_t tag) = 0;

    virtual const transaction_counts& transactions() const = 0;
    virtual const latency_record& latency() const = 0;
    // The same latencies by the number of switches each request crossed.
    virtual const hop_latency& latency_by_hops() const = 0;
    virtual uint64_t bytes() const = 0;      // payload bytes moved
    virtual uint64_t wait_ps() const = 0;    // blocked on a peer
    virtual uint64_t compute_ps() const = 0; // computing
    virtual void trace(tracer& t) const = 0;

    // `hook` runs once, when done() first holds.
    void when_done(std::function<void()> hook) { m_done_hook = std::move(hook); }

protected:
    void report_done() {
        if (m_done_hook) m_done_hook();
    }

private:
    std::function<void()> m_done_hook;
};

} // namespace lumen
