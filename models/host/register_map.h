// SPDX-License-Identifier: Apache-2.0
// The control register map of a pod, the one place it is written down. The
// host reaches it through its control path (control_bus), an address space
// of its own, apart from the GPUs' memory. Every register is 64 bits wide,
// little endian, and accessed whole (8-byte aligned, 8 bytes long).
//
//   device block        base                      size
//   GPU g               gpu_block + g * block     4 KiB
//   switch plane s      switch_block + s * block  4 KiB
//
// GPU block (offsets):
//   0x000 ID             RO  gpu_id_magic | g
//   0x008 CONTROL        WO  bit 0 START: run the configured workload once
//   0x010 STATUS         RO  bit 0 RUNNING, bit 1 DONE
//   0x018 IRQ_ENABLE     RW  bit 0: raise the completion interrupt when DONE
//   0x020 ISSUED         RO  transactions the GPU's engine issued
//   0x028 COMPLETED      RO  transactions completed (responses back)
//   0x030 CHECKED        RO  transactions whose data the GPU has verified
//   0x038 MISMATCHES     RO  data that differed from what was expected
//   0x040 BYTES          RO  payload bytes the GPU moved
//   0x048 START_PS       RO  pod time (ps) when START took effect
//   0x050 DONE_PS        RO  pod time (ps) when the workload was done
//   0x058 WAIT_PS        RO  time the engine was blocked on a peer (collectives)
//   0x060 COMPUTE_PS     RO  time the engine computed (training step)
//
// Switch block (offsets):
//   0x000 ID             RO  switch_id_magic | s
//   0x008 FORWARDED      RO  packets forwarded, both planes, all ports
//   0x010 MAX_QUEUE      RO  deepest input queue seen, in packets
//   0x018 IN_FLIGHT      RO  requests whose response has not come back
#pragma once

#include <cstdint>

namespace lumen::regs {

constexpr uint64_t block = 0x1000;
constexpr uint64_t gpu_block = 0x0000'0000;
constexpr uint64_t switch_block = 0x0100'0000;
constexpr uint64_t gpu_id_magic = 0x4750'5500'0000'0000ULL;    // "GPU"
constexpr uint64_t switch_id_magic = 0x5357'4900'0000'0000ULL; // "SWI"

namespace gpu {
constexpr uint64_t ID = 0x000, CONTROL = 0x008, STATUS = 0x010, IRQ_ENABLE = 0x018, ISSUED = 0x020,
                   COMPLETED = 0x028, CHECKED = 0x030, MISMATCHES = 0x038, BYTES = 0x040,
                   START_PS = 0x048, DONE_PS = 0x050, WAIT_PS = 0x058, COMPUTE_PS = 0x060;
constexpr uint64_t CONTROL_START = 1, STATUS_RUNNING = 1, STATUS_DONE = 2, IRQ_DONE = 1;
} // namespace gpu

namespace sw {
constexpr uint64_t ID = 0x000, FORWARDED = 0x008, MAX_QUEUE = 0x010, IN_FLIGHT = 0x018;
} // namespace sw

constexpr uint64_t gpu_base(unsigned g) {
    return gpu_block + g * block;
}
constexpr uint64_t switch_base(unsigned s) {
    return switch_block + s * block;
}

} // namespace lumen::regs
