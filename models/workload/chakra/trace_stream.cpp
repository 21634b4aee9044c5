// SPDX-License-Identifier: Apache-2.0
#include "models/workload/chakra/trace_stream.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace lumen::chakra {

trace_stream::trace_stream(const std::string& file, const uint8_t* data, size_t size,
                           uint64_t max_bytes)
    : m_file(file)
    , m_data(data)
    , m_size(size)
    , m_max(max_bytes) {
    m_gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    if (!m_gzip) return;
    // 16 + MAX_WBITS: a gzip header and trailer, nothing else.
    if (inflateInit2(&m_z, 16 + MAX_WBITS) != Z_OK)
        throw trace_error(m_file + ": cannot start gzip decompression");
    m_zlib_open = true;
    m_window.resize(64 << 10);
}

trace_stream::~trace_stream() {
    if (m_zlib_open) inflateEnd(&m_z);
}

bool trace_stream::refill() {
    m_window_pos = m_window_end = 0;
    while (m_window_end == 0) {
        if (m_member_ended) {
            // Concatenated gzip members are one stream (as gunzip reads them).
            if (m_pos == m_size) return false;
            if (m_size - m_pos < 2 || m_data[m_pos] != 0x1f || m_data[m_pos + 1] != 0x8b)
                throw trace_error(m_file + ": bytes after the end of the gzip stream");
            inflateReset(&m_z);
            m_member_ended = false;
        }
        const size_t chunk = std::min<size_t>(m_size - m_pos, std::numeric_limits<uInt>::max());
        m_z.next_in = const_cast<Bytef*>(m_data + m_pos);
        m_z.avail_in = uInt(chunk);
        m_z.next_out = m_window.data();
        m_z.avail_out = uInt(m_window.size());
        const int r = inflate(&m_z, Z_NO_FLUSH);
        m_pos += chunk - m_z.avail_in;
        m_window_end = m_window.size() - m_z.avail_out;
        if (r == Z_STREAM_END) {
            m_member_ended = true;
        } else if (r == Z_BUF_ERROR || (r == Z_OK && m_window_end == 0 && m_pos == m_size)) {
            // All the input was given: no progress means it ends mid-stream.
            throw trace_error(m_file + ": gzip stream truncated");
        } else if (r != Z_OK) {
            throw trace_error(m_file + ": gzip data corrupt (" +
                              (m_z.msg ? std::string(m_z.msg) : "zlib error " + std::to_string(r)) +
                              ")");
        }
    }
    return true;
}

size_t trace_stream::read(uint8_t* out, size_t n) {
    size_t got = 0;
    while (got < n) {
        if (!m_gzip) {
            const size_t k = std::min(n - got, m_size - m_pos);
            if (k == 0) break;
            std::memcpy(out + got, m_data + m_pos, k);
            m_pos += k;
            got += k;
        } else {
            if (m_window_pos == m_window_end && !refill()) break;
            const size_t k = std::min(n - got, m_window_end - m_window_pos);
            std::memcpy(out + got, m_window.data() + m_window_pos, k);
            m_window_pos += k;
            got += k;
        }
    }
    m_offset += got;
    if (m_offset > m_max)
        throw trace_error(m_file + ": more than " + std::to_string(m_max) +
                          " bytes after decompression; allowed: at most that");
    return got;
}

bool trace_stream::at_end() {
    if (!m_gzip) return m_pos == m_size;
    return m_window_pos == m_window_end && !refill();
}

} // namespace lumen::chakra
