// SPDX-License-Identifier: Apache-2.0
// The Chakra trace reader against the format itself: files written by hand
// from the field numbers of docs/chakra.md (et_wire.h) and by the project's
// writer, bad files of every kind (each an error naming the file and the
// node), the limits that bound its memory, and random bytes.
#include "et_wire.h"
#include "models/workload/chakra/timeline.h"
#include "models/workload/chakra/trace_job.h"
#include "models/workload/chakra/trace_reader.h"
#include "models/workload/chakra/trace_writer.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <random>

using namespace lumen;
using namespace lumen::chakra;
namespace wire = lumen::test::wire;

namespace {

trace_graph parse(const std::string& bytes, const parse_limits& limits = {}) {
    return parse_trace("t.0.et", reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                       limits);
}

// The error parse() throws, or "" when it parses.
std::string error_of(const std::string& bytes, const parse_limits& limits = {}) {
    try {
        parse(bytes, limits);
    } catch (const trace_error& e) {
        return e.what();
    }
    return "";
}

wire::node comp(uint64_t id, std::vector<uint64_t> deps = {}) {
    wire::node n;
    n.id = id;
    n.name = "op" + std::to_string(id);
    n.type = 4;
    n.duration_micros = 5;
    n.data_deps = std::move(deps);
    return n;
}

// A scratch directory per test case.
struct scratch_dir {
    std::filesystem::path path;
    explicit scratch_dir(const std::string& name)
        : path(std::filesystem::temp_directory_path() / ("lumen_chakra_" + name)) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~scratch_dir() { std::filesystem::remove_all(path); }
    std::string prefix(const std::string& p) const { return (path / p).string(); }
};

} // namespace

TEST_CASE("a hand-written file parses: every integer type, packed and unpacked deps", "[chakra]") {
    wire::node coll;
    coll.id = 10;
    coll.name = "ar";
    coll.type = 7; // COMM_COLL_NODE
    std::string is_cpu;
    wire::field_bytes(is_cpu, 1, "is_cpu_op");
    wire::field_varint(is_cpu, 27, 0);
    // comm_type as uint32 (11), comm_size as sint64 (17, zigzag), an unknown
    // attribute and a doc_string (2) the reader must pass over.
    std::string size;
    wire::field_bytes(size, 1, "comm_size");
    wire::field_bytes(size, 2, "bytes of the gradient");
    wire::field_varint(size, 17, wire::zigzag(1 << 20));
    coll.attrs = {is_cpu, wire::attr_varint("comm_type", 11, 0), size,
                  wire::attr_string("some_tool_attr", "x"), wire::attr_string("pg_name", "7")};
    coll.data_deps = {2};

    wire::node send;
    send.id = 11;
    send.type = 5; // COMM_SEND_NODE
    std::string dst, tag;
    wire::field_bytes(dst, 1, "comm_dst");
    wire::field_fixed32(dst, 19, 3); // fixed32
    wire::field_bytes(tag, 1, "comm_tag");
    wire::field_fixed64(tag, 25, 42);                                    // sfixed64
    send.attrs = {dst, tag, wire::attr_varint("tensor_size", 13, 4096)}; // uint64
    send.ctrl_deps = {10};

    wire::node mem;
    mem.id = 12;
    mem.type = 3;                                           // MEM_STORE_NODE
    mem.attrs = {wire::attr_varint("tensor_size", 7, 512)}; // int32

    // The parent of node 10 comes after it in the file.
    const trace_graph g = parse(wire::file({coll, send, mem, comp(2)}));
    CHECK(g.version == "0.0.4");
    REQUIRE(g.nodes.size() == 4);
    const trace_node& c = g.nodes[0];
    CHECK(c.kind == node_kind::COLL);
    CHECK(c.coll == coll_kind::ALL_REDUCE);
    CHECK(c.bytes == (1u << 20));
    CHECK(c.pg_name == "7");
    CHECK(c.parents == std::vector<uint32_t>{3});
    const trace_node& s = g.nodes[1];
    CHECK(s.kind == node_kind::SEND);
    CHECK(s.peer == 3);
    CHECK(s.tag == 42);
    CHECK(s.bytes == 4096); // from tensor_size, with no comm_size
    CHECK(s.parents == std::vector<uint32_t>{0});
    CHECK(g.nodes[2].kind == node_kind::MEM_STORE);
    CHECK(g.nodes[2].bytes == 512);
    CHECK(g.nodes[3].duration_micros == 5);
}

TEST_CASE("process groups come from a METADATA node's JSON", "[chakra]") {
    wire::node meta;
    meta.id = 1;
    meta.type = 1;
    meta.inputs_values = R"([{"pg_name": "0", "ranks": [0, 1]}, {"pg_name": "5", "ranks": [1]}])";
    const trace_graph g = parse(wire::file({meta}));
    REQUIRE(g.groups.size() == 2);
    CHECK(g.groups[1].name == "5");
    CHECK(g.groups[1].ranks == std::vector<unsigned>{1});
    meta.inputs_values = R"([{"pg_name": "5", "ranks": ["a"]}])";
    CHECK_THAT(error_of(wire::file({meta})), Catch::Contains("process group 5"));
}

TEST_CASE("the project's writer and reader agree, gzip and every integer type", "[chakra]") {
    for (int_type t : {int_type::INT32, int_type::INT64, int_type::UINT64})
        for (bool gz : {false, true}) {
            trace_spec spec = overlap_job(4, 1 << 20, 10, 20, 30)[2];
            spec.integers = t;
            spec.gzip = gz;
            const std::string bytes = encode_trace(spec);
            CHECK((uint8_t(bytes[0]) == 0x1f) == gz);
            const trace_graph g = parse(bytes);
            REQUIRE(g.nodes.size() == 4);
            // optimizer_step (id 4) is listed first and waits on ids 2 and 3.
            CHECK(g.nodes[0].parents == std::vector<uint32_t>{2, 3});
            CHECK(g.nodes[2].kind == node_kind::COLL);
            CHECK(g.nodes[2].bytes == (1u << 20));
            CHECK(g.nodes[3].duration_micros == 20);
        }
}

TEST_CASE("bad files are errors naming the file and node", "[chakra]") {
    const std::string good = wire::file({comp(1), comp(2, {1})});
    SECTION("truncated inside a node") {
        CHECK_THAT(error_of(good.substr(0, good.size() - 3)),
                   Catch::Contains("t.0.et") && Catch::Contains("truncated"));
    }
    SECTION("truncated inside a length") {
        std::string f = wire::file({comp(1)});
        f.push_back(char(0x80));
        CHECK_THAT(error_of(f), Catch::Contains("truncated in the length of message 2"));
    }
    SECTION("a varint longer than 32 bits") {
        std::string f = wire::file({comp(1)}) + std::string(5, char(0xFF)) + "x";
        CHECK_THAT(error_of(f), Catch::Contains("bad varint"));
    }
    SECTION("empty, and not a protobuf") {
        CHECK_THAT(error_of(""), Catch::Contains("empty file"));
        std::string f = wire::file({});
        f += std::string("\x03\xff\xff\xff", 4);
        CHECK_THAT(error_of(f), Catch::Contains("message 1 is not a Node"));
    }
    SECTION("a dependency on a node that never appears") {
        CHECK_THAT(error_of(wire::file({comp(1), comp(2, {9})})),
                   Catch::Contains("t.0.et: node 2 (op2)") && Catch::Contains("node 9"));
    }
    SECTION("a cycle, named by a node on it") {
        // 1 -> 2 -> 3 -> 2; 4 only waits on the cycle.
        const std::string e =
            error_of(wire::file({comp(1), comp(2, {1, 3}), comp(3, {2}), comp(4, {3})}));
        CHECK_THAT(e, Catch::Contains("dependency cycle"));
        CHECK((e.find("node 2 ") != std::string::npos || e.find("node 3 ") != std::string::npos));
    }
    SECTION("a node id twice") {
        CHECK_THAT(error_of(wire::file({comp(1), comp(1)})), Catch::Contains("a second node"));
    }
    SECTION("an unsupported collective, a missing size, a CPU communication op") {
        wire::node c;
        c.id = 3;
        c.type = 7;
        c.attrs = {wire::attr_varint("comm_type", 9, 1), wire::attr_varint("comm_size", 9, 8)};
        CHECK_THAT(error_of(wire::file({c})),
                   Catch::Contains("node 3") && Catch::Contains("comm_type = 1"));
        c.attrs = {wire::attr_varint("comm_type", 9, 0)};
        CHECK_THAT(error_of(wire::file({c})), Catch::Contains("without comm_size"));
        std::string cpu;
        wire::field_bytes(cpu, 1, "is_cpu_op");
        wire::field_varint(cpu, 27, 1);
        c.attrs = {wire::attr_varint("comm_type", 9, 0), wire::attr_varint("comm_size", 9, 8), cpu};
        CHECK_THAT(error_of(wire::file({c})), Catch::Contains("is_cpu_op"));
        c.attrs = {wire::attr_string("comm_type", "ALL_REDUCE")};
        CHECK_THAT(error_of(wire::file({c})), Catch::Contains("comm_type is not an integer"));
    }
    SECTION("an INVALID or unknown node type") {
        wire::node n = comp(1);
        n.type = 0;
        CHECK_THAT(error_of(wire::file({n})), Catch::Contains("node type 0"));
        n.type = 42;
        CHECK_THAT(error_of(wire::file({n})), Catch::Contains("node type 42"));
    }
    SECTION("gzip corrupt or truncated") {
        trace_spec spec = ring_allreduce_job(2, 4096)[0];
        spec.gzip = true;
        const std::string gz = encode_trace(spec);
        std::string bad_crc = gz;
        bad_crc[bad_crc.size() - 6] ^= 0x5A; // the CRC-32 in the trailer
        CHECK_THAT(error_of(bad_crc), Catch::Contains("gzip data corrupt"));
        std::string bad_method = gz;
        bad_method[2] = 7; // compression method: only 8 (deflate) exists
        CHECK_THAT(error_of(bad_method), Catch::Contains("gzip data corrupt"));
        CHECK_THAT(error_of(gz.substr(0, gz.size() - 10)),
                   Catch::Contains("gzip stream truncated"));
        CHECK_THAT(error_of(gz + "junk"), Catch::Contains("after the end of the gzip stream"));
    }
}

TEST_CASE("limits bound what a file can make the reader allocate", "[chakra]") {
    parse_limits small;
    small.max_nodes = 3;
    small.max_message_bytes = 64;
    std::vector<wire::node> many;
    for (uint64_t i = 1; i <= 4; ++i) many.push_back(comp(i));
    CHECK_THAT(error_of(wire::file(many), small), Catch::Contains("more than 3 nodes"));
    wire::node big = comp(1);
    big.name = std::string(100, 'n');
    CHECK_THAT(error_of(wire::file({big}), small), Catch::Contains("allowed: at most 64"));
    // A length of 4 GiB - 1 backed by nothing costs nothing but the error.
    std::string f = wire::file({});
    wire::varint(f, 0xFFFFFFFFu);
    CHECK_THAT(error_of(f), Catch::Contains("allowed: at most"));
    // gzip: the decompressed size is capped too.
    parse_limits tight;
    tight.max_trace_bytes = 100;
    trace_spec spec;
    for (uint64_t i = 1; i <= 50; ++i) {
        node_spec n;
        n.id = i;
        spec.nodes.push_back(n);
    }
    spec.gzip = true;
    CHECK_THAT(error_of(encode_trace(spec), tight), Catch::Contains("after decompression"));
}

// Random bytes and random damage to a good file: trace_error or a graph,
// never anything else (a quick version of what the fuzz target runs).
TEST_CASE("random and damaged inputs only ever give trace_error", "[chakra]") {
    std::mt19937_64 rng(7);
    trace_spec spec = overlap_job(4, 4096, 1, 2, 3)[0];
    const std::string good = encode_trace(spec);
    spec.gzip = true;
    const std::string good_gz = encode_trace(spec);
    unsigned parsed = 0, rejected = 0;
    for (int k = 0; k < 3000; ++k) {
        std::string f;
        if (k % 3 == 0) {
            f.resize(rng() % 64);
            for (auto& ch : f) ch = char(rng());
        } else {
            f = k % 3 == 1 ? good : good_gz;
            for (int d = 0; d < 3; ++d) f[rng() % f.size()] = char(rng());
            if (rng() % 2) f.resize(rng() % f.size());
        }
        try {
            parse(f);
            ++parsed;
        } catch (const trace_error&) {
            ++rejected;
        }
    }
    CHECK(parsed + rejected == 3000);
    CHECK(rejected > 1000);
}

TEST_CASE("a job: ranks, groups and matching are checked across files", "[chakra]") {
    scratch_dir dir("job");
    job_options o;
    o.ranks = 4;
    o.memory_bytes = 1ULL << 30;
    o.align_bytes = 4096;
    auto error = [&](const std::string& prefix) -> std::string {
        o.prefix = dir.prefix(prefix);
        try {
            load_job(o);
        } catch (const trace_error& e) {
            return e.what();
        }
        return "";
    };
    write_job(dir.prefix("ar"), ring_allreduce_job(4, 1000));
    o.prefix = dir.prefix("ar");
    const job j = load_job(o);
    REQUIRE(j.collectives.size() == 1);
    CHECK(j.collectives[0].bytes == 1024); // whole words per rank: a multiple of 32
    CHECK(j.collectives[0].scratch == 4096);
    CHECK(j.memory_needed == 8192);

    o.ranks = 8;
    CHECK_THAT(error("ar"), Catch::Contains("rank 4 has no trace"));
    o.ranks = 2;
    CHECK_THAT(error("ar"), Catch::Contains("more ranks than the 2 GPUs"));
    o.ranks = 4;
    o.memory_bytes = 4096;
    CHECK_THAT(error("ar"), Catch::Contains("memory.capacity_gib"));
    o.memory_bytes = 1ULL << 30;

    auto chain = sendrecv_chain_job(4, 100);
    chain[3].nodes.clear(); // rank 2's send has no receive
    write_job(dir.prefix("chain"), chain);
    CHECK_THAT(error("chain"),
               Catch::Contains(".2.et: node 2") && Catch::Contains("no receive of"));

    auto groups = ring_allreduce_job(4, 64);
    for (auto& t : groups) t.nodes[0].pg_name = "9";
    write_job(dir.prefix("nogroup"), groups);
    CHECK_THAT(error("nogroup"), Catch::Contains("pg_name 9 names no process group"));
    {
        std::FILE* f = std::fopen(dir.prefix("groups.json").c_str(), "w");
        std::fputs(R"({"9": [0, 1, 2, 3]})", f);
        std::fclose(f);
    }
    o.comm_groups = dir.prefix("groups.json");
    CHECK(error("nogroup").empty());
    o.comm_groups.clear();

    auto mismatch = ring_allreduce_job(4, 64);
    mismatch[1].nodes[0].bytes = 128;
    write_job(dir.prefix("mismatch"), mismatch);
    CHECK_THAT(error("mismatch"), Catch::Contains(".1.et: node 1") && Catch::Contains("128 B"));
}

TEST_CASE("time in a kind of work: unions, and communication outside compute", "[chakra]") {
    // Compute [0,10) and [20,30); communication [5,25) and [24,40).
    const std::vector<interval> comp{{20, 30}, {0, 10}}, comm{{5, 25}, {24, 40}};
    CHECK(measure(comp) == 20);
    CHECK(measure(comm) == 35);               // [5,40)
    CHECK(measure_outside(comm, comp) == 20); // [10,20) and [30,40)
    CHECK(measure_outside(comp, comm) == 5);  // [0,5)
    CHECK(measure_outside(comm, {}) == 35);
}
