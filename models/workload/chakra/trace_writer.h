// SPDX-License-Identifier: Apache-2.0
// Writes Chakra execution traces (the framing and messages trace_reader.h
// reads) and generates the project's own small jobs: a ring all-reduce per
// rank, a send/recv chain, and compute overlapping an all-reduce. The
// generator tool lumen-chakra-gen and the tests use it. Plain C++.
#pragma once

#include "models/workload/chakra/trace_graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lumen::chakra {

// The integer type a writer gives its attributes (writers differ).
enum class int_type : uint8_t { INT32, INT64, UINT64 };

// One node as written.
struct node_spec {
    uint64_t id = 0;
    std::string name;
    node_kind kind = node_kind::COMP;
    std::vector<uint64_t> data_deps, ctrl_deps;
    uint64_t duration_micros = 0; // COMP
    uint64_t num_ops = 0;         // COMP, written when non-zero
    coll_kind coll = coll_kind::ALL_REDUCE;
    uint64_t bytes = 0;  // comm_size (COLL, SEND, RECV) or tensor_size (MEM)
    std::string pg_name; // COLL, written when non-empty
    int64_t peer = 0;    // SEND: comm_dst; RECV: comm_src
    int64_t tag = 0;     // SEND, RECV
};

struct trace_spec {
    std::vector<process_group> groups; // declared by a METADATA node when non-empty
    std::vector<node_spec> nodes;
    int_type integers = int_type::INT64;
    bool gzip = false;
};

// A trace file's bytes.
std::string encode_trace(const trace_spec& spec);
// Writes PREFIX.<rank>.et (.et.gz with gzip) for every rank; throws
// trace_error when a file cannot be written. Returns the files.
std::vector<std::string> write_job(const std::string& prefix, const std::vector<trace_spec>& ranks);

// The generated jobs (docs/chakra.md, "Generator"):
// every rank makes one ALL_REDUCE of `bytes` over all ranks;
std::vector<trace_spec> ring_allreduce_job(unsigned ranks, uint64_t bytes);
// rank 0 sends `bytes` to rank 1, which forwards them to rank 2 once
// received, and so on to the last rank;
std::vector<trace_spec> sendrecv_chain_job(unsigned ranks, uint64_t bytes);
// every rank computes `first_us`, then at once all-reduces `bytes` and
// computes `overlap_us` beside it, then computes `last_us` once both are
// done: communication is exposed for max(0, T - overlap_us), T the
// all-reduce's time on that rank.
std::vector<trace_spec> overlap_job(unsigned ranks, uint64_t bytes, uint64_t first_us,
                                    uint64_t overlap_us, uint64_t last_us);

} // namespace lumen::chakra
