// SPDX-License-Identifier: Apache-2.0
// The reader of one rank's Chakra execution trace (docs/chakra.md): a stream
// of length-delimited protobuf messages, a GlobalMetadata then Nodes,
// optionally gzip-compressed. It returns the validated node graph or throws
// trace_error naming the file and the node; it never crashes, loops or
// allocates without bound on any input (parse_limits), so it is also the
// entry point of the reader's fuzz target. Plain C++.
#pragma once

#include "models/workload/chakra/trace_graph.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace lumen::chakra {

// Parses the trace in [data, data + size); `file` names it in errors.
trace_graph parse_trace(const std::string& file, const uint8_t* data, size_t size,
                        const parse_limits& limits = {});

// Reads `path` (PREFIX.<rank>.et or .et.gz) whole and parses it.
trace_graph read_trace_file(const std::string& path, const parse_limits& limits = {});

} // namespace lumen::chakra
