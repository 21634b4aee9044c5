// SPDX-License-Identifier: Apache-2.0
#include "models/workload/chakra_plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace lumen {

using chakra::coll_kind;
using chakra::node_kind;

namespace {

collective_op op_of(collective_op::kind_t kind, unsigned peer, uint32_t tag) {
    collective_op op{kind};
    op.peer = peer;
    op.tag = tag;
    return op;
}

// The collective's operations on every GPU, with fresh tags from `next_tag`.
std::vector<collective_program> call_programs(const chakra::collective_call& c, unsigned gpus,
                                              unsigned slices, uint32_t& next_tag) {
    program_builder b(gpus);
    b.reserve_tags(next_tag);
    switch (c.kind) {
    case coll_kind::ALL_REDUCE:
    case coll_kind::BARRIER:
        b.ring_allreduce(c.ranks, c.data, c.scratch, c.bytes);
        break;
    case coll_kind::REDUCE_SCATTER:
        b.ring_reduce_scatter(c.ranks, c.data, c.scratch, c.bytes);
        break;
    case coll_kind::ALL_GATHER:
        b.ring_allgather(c.ranks, c.data, c.bytes);
        break;
    case coll_kind::ALL_TO_ALL:
        b.alltoall(c.ranks, c.data, c.scratch, c.bytes);
        break;
    case coll_kind::BROADCAST:
        b.ring_broadcast(c.ranks, c.data, c.bytes, slices);
        break;
    }
    next_tag = b.reserve_tags(0);
    return b.take();
}

} // namespace

uint64_t memory_node_ps(uint64_t bytes, const memory_port_params& m) {
    const double cycle_ps = 1000.0 / m.clock_ghz;
    const double bytes_per_cycle = m.bandwidth_GBps / m.clock_ghz;
    const uint64_t cycles = uint64_t(std::ceil(double(bytes) / bytes_per_cycle - 1e-9)) +
                            uint64_t(std::ceil(m.latency_ns * m.clock_ghz - 1e-9));
    return uint64_t(std::llround(double(cycles) * cycle_ps));
}

std::vector<chakra_rank_plan> plan_job(const chakra::job& j, const chakra_timing& timing) {
    const unsigned n = unsigned(j.ranks.size());
    std::vector<chakra_rank_plan> plans(n);
    uint32_t next_tag = 0;
    // A stream per (rank, key): "g" + group, "s" / "r" + peer.
    std::vector<std::map<std::string, unsigned>> streams_of(n);
    auto stream = [&](unsigned r, const std::string& key) {
        auto [it, added] = streams_of[r].emplace(key, unsigned(plans[r].streams.size()));
        if (added) {
            chakra_stream s;
            s.start_tag = next_tag++;
            s.done_tag = next_tag++;
            plans[r].streams.push_back(std::move(s));
        }
        return it->second;
    };

    std::vector<std::vector<collective_program>> call_ops;
    for (const auto& c : j.collectives) {
        const uint32_t first = next_tag;
        call_ops.push_back(call_programs(c, n, timing.broadcast_slices, next_tag));
        for (unsigned r : c.ranks)
            plans[r].flag_routes.push_back({first, next_tag, stream(r, "g" + c.group)});
    }
    std::vector<uint32_t> message_tag;
    for (const auto& m : j.messages) {
        message_tag.push_back(next_tag);
        plans[m.dst].flag_routes.push_back(
            {next_tag, next_tag + 1, stream(m.dst, "r" + std::to_string(m.src))});
        ++next_tag;
    }

    for (unsigned r = 0; r < n; ++r) {
        chakra_rank_plan& p = plans[r];
        p.rank = r;
        const chakra::trace_graph& t = j.ranks[r];
        p.nodes.resize(t.nodes.size());
        for (size_t i = 0; i < t.nodes.size(); ++i) {
            const chakra::trace_node& node = t.nodes[i];
            chakra_node_plan& np = p.nodes[i];
            np.kind = node.kind;
            np.parents = uint32_t(node.parents.size());
            for (uint32_t parent : node.parents) p.nodes[parent].children.push_back(uint32_t(i));
            if (node.kind == node_kind::COMP) {
                np.busy_ps = node.duration_micros > 0
                                 ? node.duration_micros * 1000000ULL
                                 : uint64_t(std::llround(double(node.num_ops) / timing.tflops));
                continue;
            }
            if (node.kind == node_kind::MEM_LOAD || node.kind == node_kind::MEM_STORE) {
                np.busy_ps = memory_node_ps(node.bytes, timing.memory);
                continue;
            }
            if (node.kind == node_kind::METADATA) continue;

            const int64_t item = j.item[r][i];
            collective_program ops;
            uint64_t begin = 0, end = 0;
            if (node.kind == node_kind::COLL) {
                const chakra::collective_call& c = j.collectives[size_t(item)];
                np.stream = int(stream(r, "g" + c.group));
                ops = call_ops[size_t(item)][r];
                begin = c.data;
                end = c.scratch + c.bytes;
            } else {
                const chakra::message& m = j.messages[size_t(item)];
                const bool send = node.kind == node_kind::SEND;
                np.stream =
                    int(stream(r, (send ? "s" : "r") + std::to_string(send ? m.dst : m.src)));
                if (send) {
                    collective_op op = op_of(collective_op::SEND, m.dst, message_tag[size_t(item)]);
                    op.src = op.dst = m.offset;
                    op.bytes = m.bytes;
                    ops.push_back(op);
                    begin = m.offset;
                    end = m.offset + std::max<uint64_t>(m.bytes, 1);
                } else {
                    ops.push_back(op_of(collective_op::WAIT, m.src, message_tag[size_t(item)]));
                }
            }
            for (const auto& op : ops)
                if (op.kind == collective_op::SEND) np.send_bytes += op.bytes;
            if (np.send_bytes > 0) p.write_ranges.push_back({begin, end, uint32_t(i)});
            chakra_stream& s = p.streams[size_t(np.stream)];
            s.nodes.push_back(uint32_t(i));
            s.program.push_back(op_of(collective_op::WAIT, r, s.start_tag));
            s.program.insert(s.program.end(), ops.begin(), ops.end());
            s.program.push_back(op_of(collective_op::SEND, r, s.done_tag)); // empty: the marker
        }
        std::sort(p.flag_routes.begin(), p.flag_routes.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        std::sort(p.write_ranges.begin(), p.write_ranges.end(),
                  [](const auto& a, const auto& b) { return a.begin < b.begin; });
    }
    return plans;
}

} // namespace lumen
