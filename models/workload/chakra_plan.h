// SPDX-License-Identifier: Apache-2.0
// What one GPU's engine replays of a Chakra job (chakra/trace_job.h): each
// node's cost and successors, and the collective programs its copy engines
// run. Every process group's collectives run in call order on one stream
// (a communicator's), every peer's sends on one and its receives on
// another; each stream is a collective_program whose node begins with a
// WAIT on the engine's own start flag and ends with an empty SEND to itself,
// the marker that the node's operations are through. A collective is laid
// out by the same builders as the collective workloads (ring all-reduce,
// reduce-scatter, all-gather, all-to-all, pipelined ring broadcast; a
// barrier is an all-reduce of one word per rank). Plain C++.
#pragma once

#include "models/gpu/memory_port.h"
#include "models/workload/chakra/trace_job.h"
#include "models/workload/collective_program.h"

#include <cstdint>
#include <vector>

namespace lumen {

struct chakra_node_plan {
    chakra::node_kind kind = chakra::node_kind::METADATA;
    uint64_t busy_ps = 0;    // COMP and MEM: time on the compute or memory stream
    int stream = -1;         // communication: the stream that runs it
    uint64_t send_bytes = 0; // bytes this GPU writes for it
    uint32_t parents = 0;
    std::vector<uint32_t> children;
};

struct chakra_stream {
    collective_program program;
    uint32_t start_tag = 0, done_tag = 0; // flags from and to the engine itself
    std::vector<uint32_t> nodes;          // in program order
};

struct chakra_rank_plan {
    unsigned rank = 0;
    std::vector<chakra_node_plan> nodes; // as the trace lists them
    std::vector<chakra_stream> streams;
    // Flags from peers: tags [first, last) go to `stream`, sorted by first.
    struct flag_route {
        uint32_t first, last;
        unsigned stream;
    };
    std::vector<flag_route> flag_routes;
    // This GPU's writes into peers' memory: offsets [begin, end) belong to `node`.
    struct write_range {
        uint64_t begin, end;
        uint32_t node;
    };
    std::vector<write_range> write_ranges; // sorted by begin
};

struct chakra_timing {
    double tflops = 400;       // COMP nodes given as num_ops
    memory_port_params memory; // MEM nodes: tensor_size at the port's bandwidth
    unsigned broadcast_slices = 16;
};

std::vector<chakra_rank_plan> plan_job(const chakra::job& j, const chakra_timing& timing);

// Time of one MEM node: the transfer and the access latency, in whole HBM
// cycles (as memory_port times an access).
uint64_t memory_node_ps(uint64_t bytes, const memory_port_params& m);

} // namespace lumen
