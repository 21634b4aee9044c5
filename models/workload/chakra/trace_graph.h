// SPDX-License-Identifier: Apache-2.0
// One rank's Chakra execution trace as the simulator replays it: the nodes
// in file order with the attributes that give them a cost (compute time or
// work, bytes, collective type, process group, point-to-point peers), their
// dependencies resolved to node indices, checked to form a graph without
// cycles. Plain C++: what trace_reader.h returns.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace lumen::chakra {

// A trace that cannot be replayed: the message names the file and, when
// one is at fault, the node (its id and name).
class trace_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class node_kind : uint8_t { METADATA, MEM_LOAD, MEM_STORE, COMP, SEND, RECV, COLL };

// The collectives the simulator lays out (CollectiveCommType's numbers).
enum class coll_kind : uint8_t {
    ALL_REDUCE = 0,
    ALL_GATHER = 2,
    BROADCAST = 5,
    ALL_TO_ALL = 6,
    REDUCE_SCATTER = 7,
    BARRIER = 9
};
const char* coll_name(coll_kind k); // "ALL_REDUCE"

struct trace_node {
    uint64_t id = 0;
    std::string name;
    node_kind kind = node_kind::METADATA;
    uint64_t duration_micros = 0; // COMP: replayed time, when non-zero
    uint64_t num_ops = 0;         // COMP: work, used when duration_micros is zero
    uint64_t bytes = 0;           // COLL, SEND, RECV: comm_size (or tensor_size); MEM: tensor_size
    coll_kind coll = coll_kind::ALL_REDUCE;
    std::string pg_name;           // COLL: process group; "" and "0" are every rank
    int64_t peer = -1;             // SEND: comm_dst; RECV: comm_src
    int64_t tag = 0;               // SEND, RECV: comm_tag
    std::vector<uint32_t> parents; // indices into trace_graph::nodes (data and control deps)
};

// A process group a METADATA node declares (PyTorch's `pg_name` and `ranks`).
struct process_group {
    std::string name;
    std::vector<unsigned> ranks;
};

struct trace_graph {
    std::string file;    // as named in errors
    std::string version; // GlobalMetadata.version
    std::vector<trace_node> nodes;
    std::vector<process_group> groups;

    // "file: node 7 (allreduce_1)": how errors name a node.
    std::string where(size_t node) const;
};

// What a reader accepts at most, so that no input makes it allocate or loop
// without bound (the defaults hold every trace seen in practice).
struct parse_limits {
    uint64_t max_message_bytes = 64ULL << 20; // one Node or GlobalMetadata
    uint64_t max_nodes = 1ULL << 22;
    uint64_t max_trace_bytes = 4ULL << 30; // after gzip decompression
    uint64_t max_deps = 1ULL << 26;        // data and control dependencies in all
};

} // namespace lumen::chakra
