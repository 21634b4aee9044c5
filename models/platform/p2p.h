// SPDX-License-Identifier: Apache-2.0
// The point-to-point platform: two GPUs (traffic engine + memory port each)
// joined by one full-duplex Micro LED link, traffic in both directions.
#pragma once

#include "models/core/config.h"
#include "models/gpu/memory_port.h"
#include "models/gpu/traffic_engine.h"
#include "models/platform/platform_main.h"
#include "models/serdes/microled_link.h"

#include <systemc>

#include <memory>

namespace lumen {

class p2p_platform : public sc_core::sc_module {
public:
    p2p_platform(sc_core::sc_module_name name, const config& c, uint64_t seed);

    memory_port& memory(int gpu) { return *m_memory[gpu]; }
    traffic_engine& engine(int gpu) { return *m_engine[gpu]; }
    serdes::microled_link& link() { return *m_link; }

    // Runs until both engines are done (or time runs out) and fills `r`.
    void simulate(run_results& r, bool show_progress = false);
    void trace(tracer& t) const;

private:
    sc_core::sc_time m_max_time;
    std::unique_ptr<memory_port> m_memory[2];
    std::unique_ptr<traffic_engine> m_engine[2];
    std::unique_ptr<serdes::microled_link> m_link;
};

platform_description p2p_description();

} // namespace lumen
