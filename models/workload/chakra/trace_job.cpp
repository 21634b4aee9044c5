// SPDX-License-Identifier: Apache-2.0
#include "models/workload/chakra/trace_job.h"

#include "models/core/round_up.h"
#include "models/workload/chakra/trace_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <tuple>

namespace lumen::chakra {

namespace {

bool readable(const std::string& path) {
    return std::ifstream(path, std::ios::binary).good();
}

// workload.comm_groups: {"1": [0, 1, 2, 3], ...}, as ASTRA-sim reads it.
std::vector<process_group> groups_file(const std::string& path) {
    std::ifstream f(path);
    if (!f) throw trace_error("workload.comm_groups = " + path + ": cannot be read");
    nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
    if (!j.is_object())
        throw trace_error("workload.comm_groups = " + path +
                          ": not a JSON object of group id -> list of ranks");
    std::vector<process_group> out;
    for (const auto& [name, ranks] : j.items()) {
        process_group g{name, {}};
        if (!ranks.is_array() || ranks.empty())
            throw trace_error("workload.comm_groups = " + path + ": group " + name +
                              " is not a non-empty list of ranks");
        for (const auto& r : ranks) {
            if (!r.is_number_integer() || r.get<int64_t>() < 0 || r.get<int64_t>() > (1 << 30))
                throw trace_error("workload.comm_groups = " + path + ": group " + name +
                                  " lists a rank that is not an integer 0 .. 2^30");
            g.ranks.push_back(unsigned(r.get<int64_t>()));
        }
        out.push_back(std::move(g));
    }
    return out;
}

void add_group(std::map<std::string, std::vector<unsigned>>& groups, const process_group& g,
               const std::string& source, unsigned ranks) {
    std::vector<bool> seen(ranks, false);
    for (unsigned r : g.ranks) {
        if (r >= ranks)
            throw trace_error(source + ": process group " + g.name + " names rank " +
                              std::to_string(r) + "; allowed: ranks 0 .. " +
                              std::to_string(ranks - 1) + " (one per GPU)");
        if (seen[r])
            throw trace_error(source + ": process group " + g.name + " lists rank " +
                              std::to_string(r) + " twice");
        seen[r] = true;
    }
    auto [it, added] = groups.emplace(g.name, g.ranks);
    if (!added && it->second != g.ranks)
        throw trace_error(source + ": process group " + g.name +
                          " has other ranks than where it was first declared");
}

} // namespace

std::string trace_file(const std::string& prefix, unsigned rank) {
    const std::string base = prefix + "." + std::to_string(rank) + ".et";
    if (readable(base)) return base;
    if (readable(base + ".gz")) return base + ".gz";
    return "";
}

uint64_t laid_out_bytes(coll_kind kind, uint64_t trace_bytes, unsigned ranks) {
    const uint64_t unit = 8 * uint64_t(ranks);
    if (kind == coll_kind::BARRIER) return unit; // one word per rank, as an all-reduce
    return std::max(unit, round_up(trace_bytes, unit));
}

job load_job(const job_options& o) {
    job j;
    const unsigned n = o.ranks;
    for (unsigned r = 0; r < n; ++r) {
        const std::string file = trace_file(o.prefix, r);
        if (file.empty())
            throw trace_error("workload.trace = " + o.prefix + ": rank " + std::to_string(r) +
                              " has no trace (" + o.prefix + "." + std::to_string(r) +
                              ".et or .et.gz); allowed: one file per GPU, ranks 0 .. " +
                              std::to_string(n - 1));
        j.ranks.push_back(read_trace_file(file, o.limits));
    }
    if (!trace_file(o.prefix, n).empty())
        throw trace_error("workload.trace = " + o.prefix + ": " + trace_file(o.prefix, n) +
                          " exists, so the traces have more ranks than the " + std::to_string(n) +
                          " GPUs; allowed: as many ranks as GPUs");

    std::map<std::string, std::vector<unsigned>> groups;
    if (!o.comm_groups.empty())
        for (const auto& g : groups_file(o.comm_groups))
            add_group(groups, g, "workload.comm_groups = " + o.comm_groups, n);
    for (const auto& t : j.ranks)
        for (const auto& g : t.groups) add_group(groups, g, t.file, n);
    std::vector<unsigned> everyone(n);
    for (unsigned r = 0; r < n; ++r) everyone[r] = r;

    // Collectives by group, each member's calls in file order.
    std::map<std::string, std::vector<std::vector<uint32_t>>> calls; // group -> rank -> nodes
    std::map<std::string, std::vector<unsigned>> members;
    // Point-to-point halves by (source, destination, tag).
    using p2p_key = std::tuple<unsigned, unsigned, int64_t>;
    std::map<p2p_key, std::vector<uint32_t>> sends, recvs;
    j.item.resize(n);
    for (unsigned r = 0; r < n; ++r) {
        const trace_graph& t = j.ranks[r];
        j.item[r].assign(t.nodes.size(), -1);
        for (size_t i = 0; i < t.nodes.size(); ++i) {
            const trace_node& node = t.nodes[i];
            if (node.kind == node_kind::COLL) {
                const auto it = groups.find(node.pg_name);
                const std::vector<unsigned>* ranks = nullptr;
                if (it != groups.end())
                    ranks = &it->second;
                else if (node.pg_name.empty() || node.pg_name == "0")
                    ranks = &everyone;
                else
                    throw trace_error(t.where(i) + ": pg_name " + node.pg_name +
                                      " names no process group; allowed: one a METADATA node "
                                      "or workload.comm_groups declares, or \"\" / \"0\" for "
                                      "every rank");
                if (std::find(ranks->begin(), ranks->end(), r) == ranks->end())
                    throw trace_error(t.where(i) + ": rank " + std::to_string(r) +
                                      " is not in its process group " + node.pg_name);
                auto& c = calls[node.pg_name];
                c.resize(n);
                c[r].push_back(uint32_t(i));
                members[node.pg_name] = *ranks;
            } else if (node.kind == node_kind::SEND || node.kind == node_kind::RECV) {
                if (node.peer >= int64_t(n) || node.peer == int64_t(r))
                    throw trace_error(t.where(i) + ": peer rank " + std::to_string(node.peer) +
                                      " is not another rank; allowed: 0 .. " +
                                      std::to_string(n - 1) + " but " + std::to_string(r));
                const unsigned peer = unsigned(node.peer);
                if (node.kind == node_kind::SEND)
                    sends[{r, peer, node.tag}].push_back(uint32_t(i));
                else
                    recvs[{peer, r, node.tag}].push_back(uint32_t(i));
            }
        }
    }

    uint64_t offset = 0;
    const uint64_t align = std::max<uint64_t>(o.align_bytes, 8);
    for (const auto& [name, by_rank] : calls) {
        const std::vector<unsigned>& ranks = members[name];
        const unsigned first = ranks.front();
        for (unsigned r : ranks)
            if (by_rank[r].size() != by_rank[first].size())
                throw trace_error(j.ranks[r].file + ": " + std::to_string(by_rank[r].size()) +
                                  " collectives in process group \"" + name + "\", but " +
                                  j.ranks[first].file + " has " +
                                  std::to_string(by_rank[first].size()) +
                                  "; every member makes the same calls");
        for (size_t k = 0; k < by_rank[first].size(); ++k) {
            collective_call c;
            const trace_node& lead = j.ranks[first].nodes[by_rank[first][k]];
            c.kind = lead.coll;
            c.group = name;
            c.ranks = ranks;
            c.trace_bytes = lead.bytes;
            c.name = lead.name;
            for (unsigned r : ranks) {
                const uint32_t i = by_rank[r][k];
                const trace_node& node = j.ranks[r].nodes[i];
                if (node.coll != c.kind || node.bytes != c.trace_bytes)
                    throw trace_error(j.ranks[r].where(i) + ": call " + std::to_string(k) +
                                      " of process group \"" + name + "\" is " +
                                      coll_name(node.coll) + " of " + std::to_string(node.bytes) +
                                      " B, but " + j.ranks[first].where(by_rank[first][k]) +
                                      " is " + coll_name(c.kind) + " of " +
                                      std::to_string(c.trace_bytes) + " B");
                c.nodes.push_back(i);
                j.item[r][i] = int64_t(j.collectives.size());
            }
            c.bytes = laid_out_bytes(c.kind, c.trace_bytes, unsigned(ranks.size()));
            const bool scratch = c.kind != coll_kind::ALL_GATHER && c.kind != coll_kind::BROADCAST;
            c.data = offset;
            c.scratch = scratch ? offset + round_up(c.bytes, align) : offset;
            offset = c.scratch + round_up(c.bytes, align);
            j.collectives.push_back(std::move(c));
        }
    }
    for (const auto& [key, send_nodes] : sends) {
        const auto [src, dst, tag] = key;
        const auto it = recvs.find(key);
        const size_t matched = it == recvs.end() ? 0 : it->second.size();
        if (matched < send_nodes.size())
            throw trace_error(j.ranks[src].where(send_nodes[matched]) + ": a send to rank " +
                              std::to_string(dst) + " with tag " + std::to_string(tag) +
                              " that no receive of " + j.ranks[dst].file + " matches");
        for (size_t k = 0; k < send_nodes.size(); ++k) {
            message m{src,    dst,           tag,          j.ranks[src].nodes[send_nodes[k]].bytes,
                      offset, send_nodes[k], it->second[k]};
            const trace_node& recv = j.ranks[dst].nodes[m.recv_node];
            if (recv.bytes != m.bytes)
                throw trace_error(j.ranks[dst].where(m.recv_node) + ": receives " +
                                  std::to_string(recv.bytes) + " B, but its send " +
                                  j.ranks[src].where(m.send_node) + " sends " +
                                  std::to_string(m.bytes) + " B");
            j.item[src][m.send_node] = int64_t(j.messages.size());
            j.item[dst][m.recv_node] = int64_t(j.messages.size());
            offset += round_up(std::max<uint64_t>(m.bytes, 1), align);
            j.messages.push_back(m);
        }
    }
    for (const auto& [key, recv_nodes] : recvs) {
        const auto it = sends.find(key);
        const size_t matched = it == sends.end() ? 0 : it->second.size();
        if (matched < recv_nodes.size()) {
            const auto [src, dst, tag] = key;
            throw trace_error(j.ranks[dst].where(recv_nodes[matched]) + ": a receive from rank " +
                              std::to_string(src) + " with tag " + std::to_string(tag) +
                              " that no send of " + j.ranks[src].file + " matches");
        }
    }
    for (const auto& [name, ranks] : members) j.groups.push_back({name, ranks});
    j.memory_needed = offset;
    if (offset > o.memory_bytes)
        throw trace_error("workload.trace = " + o.prefix + ": the traces' buffers need " +
                          std::to_string(offset) + " B of each GPU's memory, more than its " +
                          std::to_string(o.memory_bytes) +
                          " B; allowed: raise memory.capacity_gib");
    return j;
}

} // namespace lumen::chakra
