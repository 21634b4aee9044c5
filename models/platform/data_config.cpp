// SPDX-License-Identifier: Apache-2.0
#include "models/platform/data_config.h"

#include "models/workload/collective_sweep.h"

#include <fmt/format.h>

#include <algorithm>

namespace lumen {

namespace {

constexpr uint64_t block = block_checksum::block_bytes;

// Why the workload cannot run on checksums per block with exactly the
// verdict real bytes would give (every access whole blocks), or empty.
std::string compact_unsupported(const config& c, const collective_setup& setup,
                                const workload_keys& keys, const std::vector<uint64_t>& sizes) {
    if (setup.kind == workload_kind::LLM_STEP || setup.kind == workload_kind::CHAKRA)
        return fmt::format("workload.kind = {} is not supported (its buffers are traffic or a "
                           "trace's, not checked results)",
                           c.choice("workload.kind"));
    const int64_t request = c.integer("workload.request_bytes");
    if (request % int64_t(block) != 0)
        return fmt::format("workload.request_bytes = {} is not a multiple of {} B blocks", request,
                           block);
    if (c.integer(keys.interleave) % int64_t(block) != 0)
        return fmt::format("{} = {} is not a multiple of {} B blocks", keys.interleave,
                           c.integer(keys.interleave), block);
    if (setup.kind == workload_kind::PATTERN) return "";
    // Every chunk (or slice) of the buffer whole blocks.
    uint64_t parts = setup.gpus;
    if (setup.kind == workload_kind::BROADCAST) parts = setup.broadcast_slices;
    if (setup.kind == workload_kind::SENDRECV) parts = 1;
    for (uint64_t bytes : sizes)
        if (bytes % (block * parts) != 0)
            return fmt::format("a buffer of {} B does not split into {} chunks of whole {} B "
                               "blocks (a multiple of {} does)",
                               bytes, parts, block, block * parts);
    return "";
}

// The bytes real memories and shadows would hold over all GPUs.
uint64_t real_bytes(const config& c, const collective_setup& setup,
                    const std::vector<uint64_t>& sizes) {
    if (setup.kind == workload_kind::PATTERN) // each written slot: in its target and a shadow
        return 2 * uint64_t(setup.gpus) *
               uint64_t(std::min(c.integer("workload.bytes"), c.integer("workload.region_bytes")));
    if (setup.kind == workload_kind::CHAKRA) return 0; // unsupported: stays real
    return uint64_t(setup.gpus) * collective_sweep(setup, sizes).memory_needed();
}

} // namespace

void declare_data_keys(config_schema& s) {
    s.add_choice(
        "sim.data", "auto", {"auto", "real", "compact"},
        fmt::format("how memories hold data. real: every byte, on every link and in every memory; "
                    "compact: each {} B block of memory as one 64-bit linear checksum, links "
                    "carrying messages of the same size and timing, the checks comparing "
                    "checksums (pattern and collective workloads in whole blocks; "
                    "docs/data_modes.md); auto: compact where real bytes over all GPUs would "
                    "pass {} MiB and the workload fits compact, else real. Timing is the same "
                    "in every mode",
                    block, data_budget_bytes >> 20));
}

data_mode data_mode_from(const config& c, unsigned gpus, const workload_keys& keys,
                         const std::vector<uint64_t>& sizes) {
    const std::string choice = c.choice("sim.data");
    if (choice == "real") return data_mode::REAL;
    collective_setup setup = collective_setup_from(c, gpus, 1);
    const std::vector<uint64_t> all = sizes.empty() ? std::vector<uint64_t>{setup.bytes} : sizes;
    const std::string why = compact_unsupported(c, setup, keys, all);
    if (choice == "compact") {
        if (!why.empty())
            throw config_error(fmt::format("sim.data = compact: {}; allowed: sim.data = real or "
                                           "auto, or pattern or collective traffic in whole "
                                           "{} B blocks",
                                           why, block));
        return data_mode::COMPACT;
    }
    return why.empty() && real_bytes(c, setup, all) > data_budget_bytes ? data_mode::COMPACT
                                                                        : data_mode::REAL;
}

} // namespace lumen
