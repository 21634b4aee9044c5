// SPDX-License-Identifier: Apache-2.0
#include "models/workload/chakra/trace_reader.h"

#include "chakra_et.pb.h"
#include "models/workload/chakra/trace_stream.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <unordered_map>

namespace lumen::chakra {

namespace pb = ChakraProtoMsg;

const char* coll_name(coll_kind k) {
    switch (k) {
    case coll_kind::ALL_REDUCE:
        return "ALL_REDUCE";
    case coll_kind::ALL_GATHER:
        return "ALL_GATHER";
    case coll_kind::BROADCAST:
        return "BROADCAST";
    case coll_kind::ALL_TO_ALL:
        return "ALL_TO_ALL";
    case coll_kind::REDUCE_SCATTER:
        return "REDUCE_SCATTER";
    case coll_kind::BARRIER:
        return "BARRIER";
    }
    return "?";
}

std::string trace_graph::where(size_t node) const {
    const trace_node& n = nodes[node];
    return file + ": node " + std::to_string(n.id) + (n.name.empty() ? "" : " (" + n.name + ")");
}

namespace {

// Reads the varint32 length prefix of the next message; nullopt at a clean
// end of file.
std::optional<uint32_t> read_length(trace_stream& in, const std::string& file, uint64_t index) {
    uint32_t value = 0;
    for (int i = 0; i < 5; ++i) {
        uint8_t b;
        if (in.read(&b, 1) == 0) {
            if (i == 0) return std::nullopt;
            throw trace_error(file + ": truncated in the length of message " +
                              std::to_string(index));
        }
        // The fifth byte holds the top 4 bits of a 32-bit length.
        if (i == 4 && (b & 0xF0))
            throw trace_error(file + ": bad varint length of message " + std::to_string(index) +
                              " (more than 32 bits)");
        value |= uint32_t(b & 0x7F) << (7 * i);
        if (!(b & 0x80)) return value;
    }
    return value; // unreachable: the fifth byte has no continuation bit
}

// One message's bytes, under the limit.
const std::string& read_message(trace_stream& in, const std::string& file, uint64_t index,
                                uint32_t length, const parse_limits& limits, std::string& buffer) {
    if (length > limits.max_message_bytes)
        throw trace_error(file + ": message " + std::to_string(index) + " declares " +
                          std::to_string(length) + " bytes; allowed: at most " +
                          std::to_string(limits.max_message_bytes));
    // Grown as bytes come, so that a length a short file cannot back costs
    // no more memory than the file.
    buffer.clear();
    size_t got = 0;
    while (got < length) {
        const size_t want = std::min<size_t>(length - got, 1 << 20);
        buffer.resize(got + want);
        const size_t k = in.read(reinterpret_cast<uint8_t*>(buffer.data()) + got, want);
        got += k;
        if (k < want) break;
    }
    buffer.resize(got);
    if (got != length)
        throw trace_error(file + ": truncated: message " + std::to_string(index) + " declares " +
                          std::to_string(length) + " bytes, " + std::to_string(got) + " remain");
    return buffer;
}

// An attribute's value as an integer, whatever integer type the writer
// chose; nullopt for any other type.
std::optional<__int128> integer_value(const pb::AttributeProto& a) {
    switch (a.value_case()) {
    case pb::AttributeProto::kInt32Val:
        return a.int32_val();
    case pb::AttributeProto::kInt64Val:
        return a.int64_val();
    case pb::AttributeProto::kUint32Val:
        return a.uint32_val();
    case pb::AttributeProto::kUint64Val:
        return a.uint64_val();
    case pb::AttributeProto::kSint32Val:
        return a.sint32_val();
    case pb::AttributeProto::kSint64Val:
        return a.sint64_val();
    case pb::AttributeProto::kFixed32Val:
        return a.fixed32_val();
    case pb::AttributeProto::kFixed64Val:
        return a.fixed64_val();
    case pb::AttributeProto::kSfixed32Val:
        return a.sfixed32_val();
    case pb::AttributeProto::kSfixed64Val:
        return a.sfixed64_val();
    default:
        return std::nullopt;
    }
}

// The attributes a replay reads, as one node carries them.
struct node_attrs {
    std::optional<__int128> comm_type, comm_size, tensor_size, num_ops, comm_src, comm_dst,
        comm_tag;
    std::optional<std::string> pg_name;
    bool is_cpu_op = false;
};

node_attrs read_attrs(const pb::Node& n, const std::string& where) {
    node_attrs r;
    for (const auto& a : n.attr()) {
        const std::string& name = a.name();
        std::optional<__int128>* slot = name == "comm_type"     ? &r.comm_type
                                        : name == "comm_size"   ? &r.comm_size
                                        : name == "tensor_size" ? &r.tensor_size
                                        : name == "num_ops"     ? &r.num_ops
                                        : name == "comm_src"    ? &r.comm_src
                                        : name == "comm_dst"    ? &r.comm_dst
                                        : name == "comm_tag"    ? &r.comm_tag
                                                                : nullptr;
        if (slot) {
            *slot = integer_value(a);
            if (!*slot)
                throw trace_error(where + ": attribute " + name +
                                  " is not an integer; allowed: " + "any integer type");
        } else if (name == "pg_name") {
            if (a.value_case() == pb::AttributeProto::kStringVal)
                r.pg_name = a.string_val();
            else if (auto v = integer_value(a))
                r.pg_name = std::to_string(int64_t(*v));
            else
                throw trace_error(where + ": attribute pg_name is not a string");
        } else if (name == "is_cpu_op") {
            if (a.value_case() == pb::AttributeProto::kBoolVal)
                r.is_cpu_op = a.bool_val();
            else if (auto v = integer_value(a))
                r.is_cpu_op = *v != 0;
            else
                throw trace_error(where + ": attribute is_cpu_op is not a bool");
        } // any other attribute is not the replay's business
    }
    return r;
}

uint64_t size_value(const std::optional<__int128>& v, const char* name, const std::string& where) {
    if (*v < 0 || *v > __int128(1) << 62)
        throw trace_error(where + ": " + name + " = " + std::to_string(int64_t(*v)) +
                          " is out of range; allowed: 0 .. 2^62 bytes");
    return uint64_t(*v);
}

int64_t rank_value(const std::optional<__int128>& v, const char* name, const std::string& where) {
    if (*v < 0 || *v > (1 << 30))
        throw trace_error(where + ": " + name + " = " + std::to_string(int64_t(*v)) +
                          " is not a rank; allowed: 0 .. 2^30");
    return int64_t(*v);
}

void fill_kind(trace_node& t, const pb::Node& n, const node_attrs& a, const std::string& where) {
    const int type = int(n.type());
    switch (type) {
    case pb::METADATA_NODE:
        t.kind = node_kind::METADATA;
        return;
    case pb::MEM_LOAD_NODE:
    case pb::MEM_STORE_NODE:
        t.kind = type == pb::MEM_LOAD_NODE ? node_kind::MEM_LOAD : node_kind::MEM_STORE;
        if (!a.tensor_size) throw trace_error(where + ": a memory node without tensor_size");
        t.bytes = size_value(a.tensor_size, "tensor_size", where);
        return;
    case pb::COMP_NODE:
        t.kind = node_kind::COMP;
        t.duration_micros = n.duration_micros();
        if (t.duration_micros > (uint64_t(1) << 40))
            throw trace_error(where + ": duration_micros = " + std::to_string(t.duration_micros) +
                              " is out of range; allowed: at most 2^40 us");
        if (a.num_ops) t.num_ops = size_value(a.num_ops, "num_ops", where);
        return;
    case pb::COMM_SEND_NODE:
    case pb::COMM_RECV_NODE:
    case pb::COMM_COLL_NODE:
        break;
    default:
        throw trace_error(where + ": node type " + std::to_string(type) +
                          " is not replayable; allowed: METADATA, MEM_LOAD, MEM_STORE, COMP, "
                          "COMM_SEND, COMM_RECV, COMM_COLL");
    }
    if (a.is_cpu_op) throw trace_error(where + ": a communication node with is_cpu_op set");
    if (type == pb::COMM_COLL_NODE) {
        t.kind = node_kind::COLL;
        if (!a.comm_type) throw trace_error(where + ": a COMM_COLL node without comm_type");
        const __int128 c = *a.comm_type;
        if (c != 0 && c != 2 && c != 5 && c != 6 && c != 7 && c != 9)
            throw trace_error(where + ": comm_type = " + std::to_string(int64_t(c)) +
                              " is not supported; allowed: ALL_REDUCE (0), ALL_GATHER (2), "
                              "BROADCAST (5), ALL_TO_ALL (6), REDUCE_SCATTER (7), BARRIER (9)");
        t.coll = coll_kind(int(c));
        if (a.comm_size)
            t.bytes = size_value(a.comm_size, "comm_size", where);
        else if (t.coll != coll_kind::BARRIER)
            throw trace_error(where + ": a COMM_COLL node without comm_size");
        t.pg_name = a.pg_name.value_or("");
        return;
    }
    const bool send = type == pb::COMM_SEND_NODE;
    t.kind = send ? node_kind::SEND : node_kind::RECV;
    const auto& peer = send ? a.comm_dst : a.comm_src;
    if (!peer)
        throw trace_error(where + (send ? ": a COMM_SEND node without comm_dst"
                                        : ": a COMM_RECV node without comm_src"));
    t.peer = rank_value(peer, send ? "comm_dst" : "comm_src", where);
    if (a.comm_tag) {
        if (*a.comm_tag < INT64_MIN || *a.comm_tag > INT64_MAX)
            throw trace_error(where + ": comm_tag is out of range");
        t.tag = int64_t(*a.comm_tag);
    }
    // ASTRA-sim reads comm_size, Chakra's own writer tensor_size: either.
    if (a.comm_size)
        t.bytes = size_value(a.comm_size, "comm_size", where);
    else if (a.tensor_size)
        t.bytes = size_value(a.tensor_size, "tensor_size", where);
    else
        throw trace_error(where + ": a point-to-point node without comm_size or tensor_size");
}

// PyTorch's process groups as a METADATA node carries them: a JSON list of
// {"pg_name": ..., "ranks": [...]} in inputs.values (possibly as the one
// string of a JSON list). Other metadata is left alone.
void read_groups(const pb::Node& n, const std::string& where, std::vector<process_group>& out) {
    if (!n.has_inputs() || n.inputs().values().empty()) return;
    nlohmann::json j = nlohmann::json::parse(n.inputs().values(), nullptr, false);
    if (j.is_array() && j.size() == 1 && j[0].is_string())
        j = nlohmann::json::parse(j[0].get<std::string>(), nullptr, false);
    if (!j.is_array()) return;
    for (const auto& item : j) {
        if (!item.is_object() || !item.contains("pg_name")) continue;
        process_group g;
        const auto& name = item["pg_name"];
        if (name.is_string())
            g.name = name.get<std::string>();
        else if (name.is_number_integer())
            g.name = std::to_string(name.get<int64_t>());
        else
            throw trace_error(where + ": a process group whose pg_name is not a string");
        const auto it = item.find("ranks");
        if (it == item.end() || !it->is_array() || it->empty())
            throw trace_error(where + ": process group " + g.name + " has no list of ranks");
        for (const auto& r : *it) {
            if (!r.is_number_integer() || r.get<int64_t>() < 0 || r.get<int64_t>() > (1 << 30))
                throw trace_error(where + ": process group " + g.name +
                                  " lists a rank that is not an integer 0 .. 2^30");
            g.ranks.push_back(unsigned(r.get<int64_t>()));
        }
        out.push_back(std::move(g));
    }
}

// Resolves every dependency to a node index (parents may come later in the
// file) and checks that the graph has no cycle (Kahn's algorithm, no
// recursion, so no input can exhaust the stack).
void resolve(trace_graph& g, const std::vector<std::vector<uint64_t>>& deps) {
    const size_t n = g.nodes.size();
    std::unordered_map<uint64_t, uint32_t> index;
    index.reserve(n);
    for (size_t i = 0; i < n; ++i)
        if (!index.emplace(g.nodes[i].id, uint32_t(i)).second)
            throw trace_error(g.where(i) + ": a second node with this id");
    std::vector<uint32_t> pending(n, 0);
    std::vector<std::vector<uint32_t>> children(n);
    for (size_t i = 0; i < n; ++i) {
        auto& parents = g.nodes[i].parents;
        for (uint64_t d : deps[i]) {
            auto it = index.find(d);
            if (it == index.end())
                throw trace_error(g.where(i) + ": depends on node " + std::to_string(d) +
                                  ", which never appears");
            parents.push_back(it->second);
        }
        std::sort(parents.begin(), parents.end());
        parents.erase(std::unique(parents.begin(), parents.end()), parents.end());
        pending[i] = uint32_t(parents.size());
        for (uint32_t p : parents) children[p].push_back(uint32_t(i));
    }
    std::vector<uint32_t> ready;
    for (size_t i = 0; i < n; ++i)
        if (pending[i] == 0) ready.push_back(uint32_t(i));
    size_t done = 0;
    while (!ready.empty()) {
        uint32_t i = ready.back();
        ready.pop_back();
        ++done;
        for (uint32_t c : children[i])
            if (--pending[c] == 0) ready.push_back(c);
    }
    if (done == n) return;
    // Every node left waits on a parent also left: walking up those parents
    // must come back to a node already seen, which lies on a cycle.
    size_t at = 0;
    while (pending[at] == 0) ++at;
    std::vector<bool> seen(n, false);
    while (!seen[at]) {
        seen[at] = true;
        for (uint32_t p : g.nodes[at].parents)
            if (pending[p] != 0) {
                at = p;
                break;
            }
    }
    throw trace_error(g.where(at) + ": is in a dependency cycle");
}

} // namespace

trace_graph parse_trace(const std::string& file, const uint8_t* data, size_t size,
                        const parse_limits& limits) {
    trace_graph g;
    g.file = file;
    trace_stream in(file, data, size, limits.max_trace_bytes);
    std::string buffer;
    auto length = read_length(in, file, 0);
    if (!length) throw trace_error(file + ": empty file; a trace starts with a GlobalMetadata");
    pb::GlobalMetadata meta;
    if (!meta.ParseFromString(read_message(in, file, 0, *length, limits, buffer)))
        throw trace_error(file + ": message 0 is not a GlobalMetadata");
    g.version = meta.version();

    std::vector<std::vector<uint64_t>> deps;
    uint64_t total_deps = 0;
    pb::Node node;
    for (uint64_t index = 1;; ++index) {
        length = read_length(in, file, index);
        if (!length) break;
        if (g.nodes.size() >= limits.max_nodes)
            throw trace_error(file + ": more than " + std::to_string(limits.max_nodes) +
                              " nodes; allowed: at most that");
        if (!node.ParseFromString(read_message(in, file, index, *length, limits, buffer)))
            throw trace_error(file + ": message " + std::to_string(index) +
                              " is not a Node (malformed protobuf)");
        trace_node t;
        t.id = node.id();
        t.name = node.name();
        const std::string where =
            file + ": node " + std::to_string(t.id) + (t.name.empty() ? "" : " (" + t.name + ")");
        fill_kind(t, node, read_attrs(node, where), where);
        if (t.kind == node_kind::METADATA) read_groups(node, where, g.groups);
        total_deps += uint64_t(node.data_deps_size()) + uint64_t(node.ctrl_deps_size());
        if (total_deps > limits.max_deps)
            throw trace_error(where + ": more than " + std::to_string(limits.max_deps) +
                              " dependencies in the file; allowed: at most that");
        std::vector<uint64_t> d(node.data_deps().begin(), node.data_deps().end());
        d.insert(d.end(), node.ctrl_deps().begin(), node.ctrl_deps().end());
        deps.push_back(std::move(d));
        g.nodes.push_back(std::move(t));
    }
    resolve(g, deps);
    return g;
}

trace_graph read_trace_file(const std::string& path, const parse_limits& limits) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw trace_error(path + ": cannot be read");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)),
                               std::istreambuf_iterator<char>());
    return parse_trace(path, bytes.data(), bytes.size(), limits);
}

} // namespace lumen::chakra
