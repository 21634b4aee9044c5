// SPDX-License-Identifier: Apache-2.0
// The register block of packet_switch, apart from its datapath: all its
// registers are read-only views of the switch's counters.
#include "models/host/register_map.h"
#include "models/switch/packet_switch.h"

namespace lumen {

register_file packet_switch::registers(unsigned id) const {
    register_file f;
    f.read = [this, id](uint64_t offset) -> uint64_t {
        switch (offset) {
        case regs::sw::ID:
            return regs::switch_id_magic | id;
        case regs::sw::FORWARDED:
            return stats().forwarded;
        case regs::sw::MAX_QUEUE:
            return stats().max_queue_depth;
        case regs::sw::IN_FLIGHT:
            return in_flight();
        default:
            return 0;
        }
    };
    f.write = [](uint64_t, uint64_t) {}; // no writable registers
    return f;
}

} // namespace lumen
