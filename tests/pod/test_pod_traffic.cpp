// SPDX-License-Identifier: Apache-2.0
// Synthetic traffic on the pod: below saturation every offered byte is
// accepted (an open system's throughput equals its arrival rate, Little's
// law with a bounded queue), a hotspot saturates the hot GPU's port, and
// every read returns what was written, across splitters, links, switches and
// mergers.
#include "pod_test_util.h"

#include <catch2/catch.hpp>

using namespace lumen;

namespace {

run_results run_pattern(const std::vector<std::string>& extra) {
    std::vector<std::string> sets{"workload.kind=pattern", "workload.bytes=524288", "link.ber=0"};
    sets.insert(sets.end(), extra.begin(), extra.end());
    config c = test::pod_config(sets);
    pod_platform top("pod", c, 1);
    run_results r;
    top.simulate(r);
    return r;
}

} // namespace

TEST_CASE("uniform traffic at half load is all accepted", "[pod]") {
    // 1024 requests per GPU: the last one's latency (about 1 us) is a few
    // percent of the 44 us the run takes.
    run_results r = run_pattern({"workload.pattern=uniform", "workload.op=write",
                                 "workload.injection_rate=0.5", "workload.bytes=4194304"});
    REQUIRE(r.passed());
    CHECK(r.transactions.checked == r.transactions.issued);
    CHECK(r.workload["offered_load"].get<double>() == Approx(0.5));
    CHECK(r.workload["accepted_load"].get<double>() == Approx(0.5).epsilon(0.05));
}

TEST_CASE("a hotspot saturates the hot GPU's port", "[pod]") {
    // Half of every GPU's requests go to GPU 0: it is offered
    // 8 x (0.5 + 0.5/8) x 0.8 = 3.6 times what its links carry, so the
    // sources are held back to well below what they offer.
    run_results r = run_pattern({"workload.pattern=hotspot", "workload.hotspot_fraction=0.5",
                                 "workload.op=write", "workload.injection_rate=0.8"});
    REQUIRE(r.passed());
    CHECK(r.workload["accepted_load"].get<double>() <
          0.5 * r.workload["offered_load"].get<double>());
}

TEST_CASE("reads of a permutation return what was written", "[pod]") {
    run_results r =
        run_pattern({"workload.pattern=permutation", "workload.op=mixed",
                     "workload.request_bytes=256", "pod.gpus=5", "pod.planes=2", "link.ber=1e-6"});
    REQUIRE(r.passed());
    CHECK(r.transactions.checked == r.transactions.issued);
    CHECK(r.transactions.mismatches == 0);
}

TEST_CASE("reads of bit-complement traffic return the preloaded bytes", "[pod]") {
    run_results r = run_pattern(
        {"workload.pattern=bit_complement", "workload.op=read", "pod.gpus=16", "pod.planes=2"});
    REQUIRE(r.passed());
    CHECK(r.transactions.checked == r.transactions.issued);
}
