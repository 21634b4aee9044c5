// SPDX-License-Identifier: Apache-2.0
// A second writer of Chakra's wire format, by hand from the field numbers
// and types of docs/chakra.md (varints, zigzag, fixed widths, length
// delimited), so that the reader is held against the format itself rather
// than against the project's own generated encoder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lumen::test::wire {

inline void varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}
inline void key(std::string& out, unsigned field, unsigned wire_type) {
    varint(out, uint64_t(field) << 3 | wire_type);
}
inline void field_varint(std::string& out, unsigned field, uint64_t v) {
    key(out, field, 0);
    varint(out, v);
}
inline void field_bytes(std::string& out, unsigned field, const std::string& b) {
    key(out, field, 2);
    varint(out, b.size());
    out += b;
}
inline void field_fixed32(std::string& out, unsigned field, uint32_t v) {
    key(out, field, 5);
    for (int i = 0; i < 4; ++i) out.push_back(char(v >> (8 * i)));
}
inline void field_fixed64(std::string& out, unsigned field, uint64_t v) {
    key(out, field, 1);
    for (int i = 0; i < 8; ++i) out.push_back(char(v >> (8 * i)));
}
inline uint64_t zigzag(int64_t v) {
    return (uint64_t(v) << 1) ^ uint64_t(v >> 63);
}

// AttributeProto: 1 name, then the value's field number and wire form.
inline std::string attr_varint(const std::string& name, unsigned field, uint64_t v) {
    std::string a;
    field_bytes(a, 1, name);
    field_varint(a, field, v);
    return a;
}
inline std::string attr_string(const std::string& name, const std::string& v) {
    std::string a;
    field_bytes(a, 1, name);
    field_bytes(a, 29, v);
    return a;
}

struct node {
    uint64_t id = 0;
    std::string name;
    unsigned type = 4; // COMP_NODE
    std::vector<uint64_t> data_deps, ctrl_deps;
    uint64_t duration_micros = 0;
    std::vector<std::string> attrs; // encoded AttributeProto messages
    std::string inputs_values;      // IOInfo.values, when non-empty
};

inline std::string encode(const node& n) {
    std::string m;
    field_varint(m, 1, n.id);
    if (!n.name.empty()) field_bytes(m, 2, n.name);
    field_varint(m, 3, n.type);
    // Repeated uint64: ctrl_deps unpacked, data_deps packed (both are valid).
    for (uint64_t d : n.ctrl_deps) field_varint(m, 4, d);
    if (!n.data_deps.empty()) {
        std::string packed;
        for (uint64_t d : n.data_deps) varint(packed, d);
        field_bytes(m, 5, packed);
    }
    if (n.duration_micros) field_varint(m, 7, n.duration_micros);
    if (!n.inputs_values.empty()) {
        std::string io;
        field_bytes(io, 1, n.inputs_values);
        field_bytes(m, 8, io);
    }
    for (const auto& a : n.attrs) field_bytes(m, 10, a);
    return m;
}

// A whole file: GlobalMetadata(version) then the nodes, each length-prefixed.
inline std::string file(const std::vector<node>& nodes, const std::string& version = "0.0.4") {
    std::string out, meta;
    field_bytes(meta, 1, version);
    varint(out, meta.size());
    out += meta;
    for (const auto& n : nodes) {
        const std::string m = encode(n);
        varint(out, m.size());
        out += m;
    }
    return out;
}

} // namespace lumen::test::wire
