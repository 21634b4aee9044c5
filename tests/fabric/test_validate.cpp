// SPDX-License-Identifier: Apache-2.0
// validate(): each broken rule of a hand-made topology is a config_error
// that names the key and the node or link at fault.
#include "fabric_test_util.h"
#include "models/fabric/topology_generators.h"

#include <catch2/catch.hpp>

using namespace lumen::fabric;
using lumen::fabric::test::error_of;

namespace {

// A small pod (2 GPUs, one switch) broken by `change`; validate's message.
template <typename F> std::string broken(F change) {
    topology t = make_pod(2, 1, 4);
    change(t);
    return error_of([&] { validate(t, "fabric.file x.json"); });
}

} // namespace

TEST_CASE("validate: the generators' output passes", "[fabric]") {
    CHECK(broken([](topology&) {}).empty());
}

TEST_CASE("validate: every broken rule names the key and the entry", "[fabric]") {
    using Catch::Contains;
    const auto key = Contains("fabric.file x.json: ");
    CHECK_THAT(broken([](topology& t) { t.links[1].b.node = 9; }),
               key && Contains("gpu1_plane0_link") && Contains("node 9"));
    CHECK_THAT(broken([](topology& t) { t.links[1].b.port = 4; }),
               key && Contains("port 4 of \"switch0\"") && Contains("radix 4"));
    CHECK_THAT(broken([](topology& t) { t.links[1].b.port = 0; }),
               key && Contains("already used by link \"gpu0_plane0_link\""));
    CHECK_THAT(broken([](topology& t) { t.nodes[2].name = "gpu1"; }),
               key && Contains("\"gpu1\" is named twice"));
    CHECK_THAT(broken([](topology& t) { t.links[1].name = "gpu0_plane0_link"; }),
               key && Contains("link \"gpu0_plane0_link\" is named twice"));
    CHECK_THAT(broken([](topology& t) { t.nodes[1].gpu = 0; }),
               key && Contains("\"gpu1\" has GPU index 0"));
    CHECK_THAT(broken([](topology& t) { t.links[0].tier = 1; }),
               key && Contains("\"gpu0_plane0_link\" has tier 1"));
    CHECK_THAT(broken([](topology& t) { t.nodes[2].level = 2; }),
               key && Contains("\"switch0\" has level 2"));
    CHECK_THAT(broken([](topology& t) { std::swap(t.links[0].a, t.links[0].b); }),
               key && Contains("\"gpu0_plane0_link\": a = \"switch0\""));
    CHECK_THAT(broken([](topology& t) {
                   t.nodes[1].kind = node_kind::SWITCH;
                   t.nodes[1].level = 1;
               }),
               key && Contains("1 GPUs; allowed: at least 2"));
    CHECK_THAT(broken([](topology& t) {
                   t.planes = 2;
                   t.nodes[0].radix = t.nodes[1].radix = 2;
                   t.links[0].a.port = 1; // a plane-1 GPU port on the plane-0 switch
               }),
               key && Contains("joins port 1 of \"gpu0\" to plane 0"));
}
