// SPDX-License-Identifier: Apache-2.0
// Bisection against cut arguments made here: a half of the GPUs sends at
// most N/2 x its link rate, and through a leaf-spine at most what the
// half's leaves can send up (L/2 leaves x spines x uplinks x uplink rate);
// a non-blocking Clos reaches the first bound.
#include "models/fabric/routing.h"
#include "models/fabric/topology_generators.h"

#include <catch2/catch.hpp>

using namespace lumen::fabric;

TEST_CASE("bisection: p2p and pod are one link per GPU pair", "[fabric]") {
    CHECK(bisection_GBps(make_p2p(), {50}) == Approx(50));
    // Plane 0 only: 8 GPUs, 4 per half, through one switch.
    CHECK(bisection_GBps(make_pod(8, 4, 8), {100}) == Approx(400));
}

TEST_CASE("bisection: non-blocking leaf_spine and fat tree give N/2 x link", "[fabric]") {
    leaf_spine_params p; // 32 GPUs, 8 per leaf, 4 spines x 2 uplinks: 1:1
    p.planes = 2;
    REQUIRE(oversubscription(p) == Approx(1));
    CHECK(bisection_GBps(make_leaf_spine(p), {100, 100}) == Approx(16 * 100));
    for (unsigned k : {4u, 8u}) {
        unsigned n = k * k * k / 4;
        CHECK(bisection_GBps(make_fat_tree(k, 1), {25, 25, 25}) == Approx(n / 2 * 25.0));
    }
}

TEST_CASE("bisection: an oversubscribed leaf_spine is its uplink capacity", "[fabric]") {
    leaf_spine_params p;
    p.gpus = 32;
    p.gpus_per_leaf = 8;
    p.spines = 2;
    p.uplinks_per_spine = 2; // 8 down over 4 up: 2:1
    const double gpu_leaf = 50, leaf_spine = 60;
    const unsigned leaves = p.gpus / p.gpus_per_leaf;
    double uplinks = leaves / 2 * p.spines * p.uplinks_per_spine * leaf_spine; // 480
    double gpus = p.gpus / 2 * gpu_leaf;                                       // 800
    REQUIRE(uplinks < gpus);
    CHECK(bisection_GBps(make_leaf_spine(p), {gpu_leaf, leaf_spine}) == Approx(uplinks));
}
