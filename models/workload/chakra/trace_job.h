// SPDX-License-Identifier: Apache-2.0
// A Chakra job: one trace per rank (PREFIX.<rank>.et or .et.gz), read and
// checked together. Collectives match across the ranks of their process
// group in file order (a communicator's calls come in the same order on
// every member); a send matches the receive of the same source, destination
// and tag in order. Every collective and message gets its own buffer range,
// at the same offset in every GPU's memory, so that its bytes are checked
// at the end. Plain C++.
#pragma once

#include "models/workload/chakra/trace_graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lumen::chakra {

struct job_options {
    std::string prefix;      // workload.trace
    unsigned ranks = 0;      // the platform's GPUs
    std::string comm_groups; // workload.comm_groups: a JSON file, or empty
    uint64_t memory_bytes = 0;
    uint64_t align_bytes = 4096; // every buffer starts on a multiple (whole plane stripes)
    parse_limits limits;
};

// One collective call as every member of its group makes it.
struct collective_call {
    coll_kind kind = coll_kind::ALL_REDUCE;
    std::string group;              // its pg_name ("" for every rank)
    std::vector<unsigned> ranks;    // in ring order
    std::vector<uint32_t> nodes;    // the call's node in each member's trace
    uint64_t trace_bytes = 0;       // comm_size as the trace gives it
    uint64_t bytes = 0;             // laid out: whole 8-byte words per rank, at least one
    uint64_t data = 0, scratch = 0; // offsets in every member's memory
    std::string name;               // the first member's node name
};

// One point-to-point transfer: a send and its matching receive.
struct message {
    unsigned src = 0, dst = 0;
    int64_t tag = 0;
    uint64_t bytes = 0;
    uint64_t offset = 0; // read at the source and written at the destination here
    uint32_t send_node = 0, recv_node = 0;
};

struct job {
    std::vector<trace_graph> ranks;
    std::vector<process_group> groups; // every group named by a collective
    std::vector<collective_call> collectives;
    std::vector<message> messages;
    // What each node of each rank is: an index into collectives (COLL) or
    // messages (SEND, RECV), -1 otherwise.
    std::vector<std::vector<int64_t>> item;
    uint64_t memory_needed = 0; // bytes of every GPU's memory the buffers span
};

// The file of `rank`: PREFIX.<rank>.et, else PREFIX.<rank>.et.gz, else "".
std::string trace_file(const std::string& prefix, unsigned rank);

// Reads and checks every rank's trace; throws trace_error naming the file
// (and node) at fault, or the key that does not fit the traces.
job load_job(const job_options& options);

// The layout of a collective: its bytes rounded up to whole words per rank.
uint64_t laid_out_bytes(coll_kind kind, uint64_t trace_bytes, unsigned ranks);

} // namespace lumen::chakra
