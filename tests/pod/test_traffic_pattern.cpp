// SPDX-License-Identifier: Apache-2.0
// The traffic patterns against their definitions (Dally and Towles,
// "Principles and Practices of Interconnection Networks", section 3.2).
#include "models/workload/traffic_pattern.h"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using namespace lumen;

TEST_CASE("bit complement and transpose are the published maps", "[pattern]") {
    random_stream r(1);
    traffic_pattern bc(pattern_kind::BIT_COMPLEMENT, 8, 0, 1);
    CHECK(bc.destination(0, r) == 7);
    CHECK(bc.destination(5, r) == 2);
    // 16 GPUs as a 4 x 4 matrix, index = 4 row + column: (0,1) -> (1,0).
    traffic_pattern tr(pattern_kind::TRANSPOSE, 16, 0, 1);
    CHECK(tr.destination(1, r) == 4);
    CHECK(tr.destination(7, r) == 13);
    CHECK(tr.destination(10, r) == 10);
    CHECK_FALSE(pattern_unsupported(pattern_kind::TRANSPOSE, 6).empty());
    CHECK(pattern_unsupported(pattern_kind::UNIFORM, 6).empty());
}

TEST_CASE("a permutation is one cycle through every GPU", "[pattern]") {
    random_stream r(1);
    traffic_pattern p(pattern_kind::PERMUTATION, 12, 0, 7);
    std::set<unsigned> seen;
    unsigned g = 0;
    for (unsigned i = 0; i < 12; ++i) {
        unsigned d = p.destination(g, r);
        CHECK(d != g);
        seen.insert(d);
        g = d;
    }
    CHECK(seen.size() == 12);
    CHECK(g == 0);
}

TEST_CASE("uniform and hotspot draw their published shares", "[pattern]") {
    const unsigned n = 8, draws = 80000;
    random_stream r(3, "test");
    traffic_pattern u(pattern_kind::UNIFORM, n, 0, 1);
    traffic_pattern h(pattern_kind::HOTSPOT, n, 0.25, 1);
    std::vector<unsigned> uniform(n), hot(n);
    for (unsigned i = 0; i < draws; ++i) {
        ++uniform[u.destination(3, r)];
        ++hot[h.destination(3, r)];
    }
    for (unsigned d = 0; d < n; ++d) CHECK(uniform[d] == Approx(draws / n).epsilon(0.05));
    // GPU 0 gets the hot share plus its uniform share of the rest.
    CHECK(hot[0] == Approx(draws * (0.25 + 0.75 / n)).epsilon(0.03));
    CHECK(hot[5] == Approx(draws * 0.75 / n).epsilon(0.05));
}
