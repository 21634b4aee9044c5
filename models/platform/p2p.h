// SPDX-License-Identifier: Apache-2.0
// The point-to-point platform (lumen-p2p): two GPUs (traffic engine + memory
// port each) joined by one full-duplex Micro LED link, traffic in both
// directions: the p2p topology (fabric::make_p2p) on the one builder, with
// no host (each GPU's engine starts at time zero).
#pragma once

#include "models/core/config.h"
#include "models/fabric/fabric_builder.h"
#include "models/gpu/traffic_engine.h"
#include "models/platform/platform_main.h"

namespace lumen {

class p2p_platform {
public:
    p2p_platform(const char* name, const config& c, uint64_t seed);

    lumen::gpu& gpu(unsigned g) { return m_fabric.gpu_at(g); }
    traffic_engine& engine(unsigned g) { return *m_engine[g]; }
    serdes::microled_link& link() { return m_fabric.link_at(0); }

    // Runs until both engines are done (or time runs out) and fills `r`.
    void simulate(run_results& r, bool show_progress = false);
    void trace(tracer& t) const { m_fabric.trace(t); }

private:
    sc_core::sc_time m_max_time;
    traffic_engine* m_engine[2] = {nullptr, nullptr};
    fabric_builder m_fabric;
};

platform_description p2p_description();

} // namespace lumen
