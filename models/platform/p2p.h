// SPDX-License-Identifier: Apache-2.0
// The point-to-point platform: two GPUs (models/gpu/gpu.h, one plane each,
// running a traffic engine) joined by one full-duplex Micro LED link,
// traffic in both directions. No host: the engines start at time zero, and
// the platform takes the GPUs' completion interrupts itself.
#pragma once

#include "models/core/config.h"
#include "models/gpu/gpu.h"
#include "models/gpu/traffic_engine.h"
#include "models/platform/platform_main.h"
#include "models/serdes/microled_link.h"

#include <systemc>

#include <memory>

namespace lumen {

class p2p_platform : public sc_core::sc_module, public interrupt_if {
public:
    p2p_platform(sc_core::sc_module_name name, const config& c, uint64_t seed);

    lumen::gpu& gpu(int g) { return *m_gpu[g]; }
    traffic_engine& engine(int g) { return *m_engine[g]; }
    serdes::microled_link& link() { return *m_link; }

    // GPU g's engine is done and has checked its traffic.
    void interrupt(unsigned g) override { m_done[g] = true; }

    // Runs until both engines are done (or time runs out) and fills `r`.
    void simulate(run_results& r, bool show_progress = false);
    void trace(tracer& t) const;

private:
    sc_core::sc_time m_max_time;
    bool m_done[2] = {false, false};
    // The GPUs' engines own the payloads in flight: they go last.
    std::unique_ptr<lumen::gpu> m_gpu[2];
    traffic_engine* m_engine[2]; // each GPU's
    std::unique_ptr<serdes::microled_link> m_link;
};

platform_description p2p_description();

} // namespace lumen
