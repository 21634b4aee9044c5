// SPDX-License-Identifier: Apache-2.0
#include "models/platform/switch_config.h"

namespace lumen {

void declare_switch_keys(config_schema& s) {
    const switch_params d;
    s.add_integer("switch.ports", d.ports, 2, 1024, "ports",
                  "radix of a switch chip; a pod uses pod.gpus of them");
    s.add_choice("switch.queueing", d.queueing == queueing_kind::VOQ ? "voq" : "input_fifo",
                 {"voq", "input_fifo"},
                 "input queueing: virtual output queues, or one FIFO per input (head-of-line "
                 "blocking)");
    s.add_choice("switch.arbiter", d.arbiter == arbiter_kind::ISLIP ? "islip" : "round_robin",
                 {"islip", "round_robin"}, "crossbar arbiter");
    s.add_integer("switch.islip_iterations", d.islip_iterations, 1, 64, "iterations",
                  "iSLIP iterations per slot");
    s.add_integer("switch.speedup", d.speedup, 1, 16, "", "crossbar speed over the port rate");
    s.add_boolean("switch.cut_through", d.cut_through,
                  "forward a packet once its header is in (else store and forward)");
    // From 1 MHz: slower, a cycle count's picoseconds overflow the clock.
    s.add_real("switch.core_clock_ghz", d.core_clock_ghz, 0.001, 100.0, "GHz", "switch core clock");
    s.add_integer("switch.pipeline_cycles", d.pipeline_cycles, 0, 10000, "core cycles",
                  "latency from the crossbar to the output port");
    s.add_integer("switch.port_bytes_per_cycle", d.port_bytes_per_cycle, 1, 4096, "B/cycle",
                  "crossbar datapath width per port (64 B at 1.5 GHz = 96 GB/s, above one link)");
    s.add_integer("switch.header_bytes", d.header_bytes, 0, 1024, "B",
                  "added to every packet inside the switch");
    s.add_integer("switch.input_buffer_bytes", int64_t(d.input_buffer_bytes), 256, 1LL << 30, "B",
                  "input buffer per port and request/response plane; credits toward the link");
}

switch_params switch_params_from(const config& c) {
    switch_params p;
    p.ports = unsigned(c.integer("switch.ports"));
    p.queueing =
        c.choice("switch.queueing") == "voq" ? queueing_kind::VOQ : queueing_kind::INPUT_FIFO;
    p.arbiter =
        c.choice("switch.arbiter") == "islip" ? arbiter_kind::ISLIP : arbiter_kind::ROUND_ROBIN;
    p.islip_iterations = unsigned(c.integer("switch.islip_iterations"));
    p.speedup = unsigned(c.integer("switch.speedup"));
    p.cut_through = c.boolean("switch.cut_through");
    p.core_clock_ghz = c.real("switch.core_clock_ghz");
    p.pipeline_cycles = unsigned(c.integer("switch.pipeline_cycles"));
    p.port_bytes_per_cycle = unsigned(c.integer("switch.port_bytes_per_cycle"));
    p.header_bytes = unsigned(c.integer("switch.header_bytes"));
    p.input_buffer_bytes = uint64_t(c.integer("switch.input_buffer_bytes"));
    return p;
}

} // namespace lumen
