// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the Chakra trace reader, the input as the bytes of one rank's
// trace file (plain or gzip), through parse_trace() with its default limits.
//
// Any input may be refused, but only with trace_error; any other exception,
// a crash, a hang or a sanitizer report is a bug.
#include "models/workload/chakra/trace_reader.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    try {
        const lumen::chakra::trace_graph g = lumen::chakra::parse_trace("fuzz", data, size);
        // What passed is a graph the engine can replay: every dependency
        // names a node of the file.
        for (const auto& node : g.nodes)
            for (uint32_t parent : node.parents)
                if (parent >= g.nodes.size())
                    throw std::logic_error("parse_trace passed a dependency outside the graph");
    } catch (const lumen::chakra::trace_error&) {
    }
    return 0;
}
