// SPDX-License-Identifier: Apache-2.0
#include "models/workload/chakra/trace_writer.h"

#include "chakra_et.pb.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <fstream>

namespace lumen::chakra {

namespace pb = ChakraProtoMsg;

namespace {

void set_integer(pb::AttributeProto& a, const std::string& name, int64_t v, int_type t) {
    a.set_name(name);
    switch (t) {
    case int_type::INT32:
        a.set_int32_val(int32_t(v));
        break;
    case int_type::INT64:
        a.set_int64_val(v);
        break;
    case int_type::UINT64:
        a.set_uint64_val(uint64_t(v));
        break;
    }
}

void add_integer(pb::Node& n, const std::string& name, int64_t v, int_type t) {
    set_integer(*n.add_attr(), name, v, t);
}

// The varint32 length, then the message (the framing ASTRA-sim reads).
void append_message(std::string& out, const std::string& body) {
    uint32_t v = uint32_t(body.size());
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
    out += body;
}

pb::NodeType node_type(node_kind k) {
    switch (k) {
    case node_kind::METADATA:
        return pb::METADATA_NODE;
    case node_kind::MEM_LOAD:
        return pb::MEM_LOAD_NODE;
    case node_kind::MEM_STORE:
        return pb::MEM_STORE_NODE;
    case node_kind::COMP:
        return pb::COMP_NODE;
    case node_kind::SEND:
        return pb::COMM_SEND_NODE;
    case node_kind::RECV:
        return pb::COMM_RECV_NODE;
    case node_kind::COLL:
        return pb::COMM_COLL_NODE;
    }
    return pb::INVALID_NODE;
}

std::string gzip(const std::string& raw) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        throw trace_error("cannot start gzip compression");
    std::string out(deflateBound(&z, uLong(raw.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = uInt(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    const int r = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (r != Z_STREAM_END) throw trace_error("gzip compression failed");
    return out;
}

node_spec comp(uint64_t id, const std::string& name, uint64_t us, std::vector<uint64_t> deps) {
    node_spec n;
    n.id = id;
    n.name = name;
    n.kind = node_kind::COMP;
    n.duration_micros = us;
    n.data_deps = std::move(deps);
    return n;
}

node_spec allreduce(uint64_t id, const std::string& name, uint64_t bytes,
                    std::vector<uint64_t> deps) {
    node_spec n;
    n.id = id;
    n.name = name;
    n.kind = node_kind::COLL;
    n.coll = coll_kind::ALL_REDUCE;
    n.bytes = bytes;
    n.data_deps = std::move(deps);
    return n;
}

} // namespace

std::string encode_trace(const trace_spec& spec) {
    std::string out;
    pb::GlobalMetadata meta;
    meta.set_version("0.0.4");
    append_message(out, meta.SerializeAsString());
    if (!spec.groups.empty()) {
        // PyTorch's process groups, as its METADATA node carries them.
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& g : spec.groups)
            groups.push_back({{"pg_name", g.name}, {"ranks", g.ranks}});
        pb::Node n;
        uint64_t id = 0;
        for (const auto& s : spec.nodes) id = std::max(id, s.id + 1);
        n.set_id(id);
        n.set_name("process_group:init");
        n.set_type(pb::METADATA_NODE);
        n.mutable_inputs()->set_values(groups.dump());
        append_message(out, n.SerializeAsString());
    }
    for (const auto& s : spec.nodes) {
        pb::Node n;
        n.set_id(s.id);
        n.set_name(s.name);
        n.set_type(node_type(s.kind));
        for (uint64_t d : s.data_deps) n.add_data_deps(d);
        for (uint64_t d : s.ctrl_deps) n.add_ctrl_deps(d);
        const int_type t = spec.integers;
        switch (s.kind) {
        case node_kind::COMP:
            n.set_duration_micros(s.duration_micros);
            if (s.num_ops) add_integer(n, "num_ops", int64_t(s.num_ops), t);
            break;
        case node_kind::MEM_LOAD:
        case node_kind::MEM_STORE:
            add_integer(n, "tensor_size", int64_t(s.bytes), t);
            break;
        case node_kind::COLL: {
            pb::AttributeProto* cpu = n.add_attr();
            cpu->set_name("is_cpu_op");
            cpu->set_bool_val(false);
            add_integer(n, "comm_type", int64_t(s.coll), t);
            add_integer(n, "comm_size", int64_t(s.bytes), t);
            if (!s.pg_name.empty()) {
                pb::AttributeProto* pg = n.add_attr();
                pg->set_name("pg_name");
                pg->set_string_val(s.pg_name);
            }
            break;
        }
        case node_kind::SEND:
        case node_kind::RECV:
            add_integer(n, s.kind == node_kind::SEND ? "comm_dst" : "comm_src", s.peer, t);
            add_integer(n, "comm_tag", s.tag, t);
            add_integer(n, "comm_size", int64_t(s.bytes), t);
            break;
        case node_kind::METADATA:
            break;
        }
        append_message(out, n.SerializeAsString());
    }
    return spec.gzip ? gzip(out) : out;
}

std::vector<std::string> write_job(const std::string& prefix,
                                   const std::vector<trace_spec>& ranks) {
    std::vector<std::string> files;
    for (size_t r = 0; r < ranks.size(); ++r) {
        const std::string path =
            prefix + "." + std::to_string(r) + ".et" + (ranks[r].gzip ? ".gz" : "");
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        const std::string bytes = encode_trace(ranks[r]);
        f.write(bytes.data(), std::streamsize(bytes.size()));
        if (!f.flush()) throw trace_error(path + ": cannot be written");
        files.push_back(path);
    }
    return files;
}

std::vector<trace_spec> ring_allreduce_job(unsigned ranks, uint64_t bytes) {
    std::vector<trace_spec> job(ranks);
    for (auto& t : job) t.nodes.push_back(allreduce(1, "allreduce", bytes, {}));
    return job;
}

std::vector<trace_spec> sendrecv_chain_job(unsigned ranks, uint64_t bytes) {
    std::vector<trace_spec> job(ranks);
    for (unsigned r = 0; r < ranks; ++r) {
        auto& nodes = job[r].nodes;
        if (r > 0) {
            node_spec recv;
            recv.id = 1;
            recv.name = "recv_from_" + std::to_string(r - 1);
            recv.kind = node_kind::RECV;
            recv.peer = r - 1;
            recv.tag = r - 1;
            recv.bytes = bytes;
            nodes.push_back(recv);
        }
        if (r + 1 < ranks) {
            node_spec send;
            send.id = 2;
            send.name = "send_to_" + std::to_string(r + 1);
            send.kind = node_kind::SEND;
            send.peer = r + 1;
            send.tag = r;
            send.bytes = bytes;
            if (r > 0) send.data_deps = {1}; // forwards what it received
            nodes.push_back(send);
        }
    }
    return job;
}

std::vector<trace_spec> overlap_job(unsigned ranks, uint64_t bytes, uint64_t first_us,
                                    uint64_t overlap_us, uint64_t last_us) {
    std::vector<trace_spec> job(ranks);
    for (auto& t : job) {
        // Listed out of order on purpose: a parent may come after its child.
        t.nodes.push_back(comp(4, "optimizer_step", last_us, {2, 3}));
        t.nodes.push_back(comp(1, "forward", first_us, {}));
        t.nodes.push_back(allreduce(2, "grad_allreduce", bytes, {1}));
        t.nodes.push_back(comp(3, "backward_rest", overlap_us, {1}));
    }
    return job;
}

} // namespace lumen::chakra
