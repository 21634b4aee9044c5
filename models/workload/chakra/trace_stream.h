// SPDX-License-Identifier: Apache-2.0
// The bytes of a trace file, read in order: as they are, or inflated from
// gzip (a file that starts with 1f 8b) a window at a time, so that the
// decompressed size costs time, never memory, and is capped. Plain C++.
#pragma once

#include "models/workload/chakra/trace_graph.h"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lumen::chakra {

class trace_stream {
public:
    // Throws trace_error, naming `file`, when more than `max_bytes` come out.
    trace_stream(const std::string& file, const uint8_t* data, size_t size, uint64_t max_bytes);
    ~trace_stream();
    trace_stream(const trace_stream&) = delete;
    trace_stream& operator=(const trace_stream&) = delete;

    bool gzip() const { return m_gzip; }
    // Up to `n` bytes into `out`; fewer only at the end of the stream.
    size_t read(uint8_t* out, size_t n);
    bool at_end();
    uint64_t offset() const { return m_offset; } // bytes delivered so far

private:
    bool refill(); // false at the end of the stream

    std::string m_file;
    const uint8_t* m_data;
    size_t m_size, m_pos = 0;
    uint64_t m_max, m_offset = 0;
    bool m_gzip = false, m_zlib_open = false, m_member_ended = false;
    z_stream m_z{};
    std::vector<uint8_t> m_window;
    size_t m_window_pos = 0, m_window_end = 0;
};

} // namespace lumen::chakra
