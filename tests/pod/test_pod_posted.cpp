// SPDX-License-Identifier: Apache-2.0
// Posted writes (workload.op = write_posted) across the pod: every write
// lands once, the targets' memories count exactly what the sources issued,
// the links and switches carry requests and no responses, and nothing is
// left held anywhere on the way.
#include "pod_test_util.h"

#include <catch2/catch.hpp>

using namespace lumen;

TEST_CASE("saturated uniform posted writes over two planes all land and are checked",
          "[pod][posted]") {
    const unsigned gpus = 8, planes = 2;
    const uint64_t bytes = 262144, request = 256, writes = bytes / request;
    config c = test::pod_config({"workload.kind=pattern", "workload.pattern=uniform",
                                 "workload.op=write_posted", "workload.injection_rate=1",
                                 "workload.request_bytes=256", "pod.interleave_bytes=256",
                                 "workload.bytes=" + std::to_string(bytes), "link.ber=1e-6",
                                 "pod.planes=" + std::to_string(planes)});
    pod_platform top("pod", c, 1);
    run_results r;
    top.simulate(r);
    INFO(r.failure);
    REQUIRE(r.passed());
    const uint64_t total = gpus * writes;
    REQUIRE(r.transactions.issued == total);
    REQUIRE(r.transactions.completed == total);
    REQUIRE(r.transactions.checked == total);
    REQUIRE(r.transactions.mismatches == 0);
    CHECK(r.workload["op"] == "write_posted");

    // What landed, counted by the targets, and what crossed each hop.
    uint64_t landed = 0, landed_bytes = 0, from_gpus = 0, to_gpus = 0;
    for (unsigned g = 0; g < gpus; ++g) {
        const memory_port_stats& m = top.gpu(g).memory().stats();
        CHECK(m.posted_writes == m.writes);
        CHECK(m.duplicate_writes == 0);
        landed += m.writes;
        landed_bytes += m.bytes_written;
        for (unsigned p = 0; p < planes; ++p) {
            // Side A is the GPU's: a_to_b carries its requests to the
            // switch, b_to_a the requests for its memory; no responses.
            from_gpus += top.link(g, p).a_to_b().stats().messages;
            to_gpus += top.link(g, p).b_to_a().stats().messages;
        }
    }
    CHECK(landed == total);
    CHECK(landed_bytes == total * request);
    CHECK(from_gpus == total);
    CHECK(to_gpus == total);
    for (unsigned p = 0; p < planes; ++p) CHECK(top.plane_switch(p).in_flight() == 0);
    // Each GPU's memory took exactly what the switches' ports toward it sent.
    for (unsigned g = 0; g < gpus; ++g) {
        uint64_t sent = 0;
        for (unsigned p = 0; p < planes; ++p) {
            const switch_port_stats port = top.plane_switch(p).stats().ports[g];
            CHECK(port.responses_forwarded == 0);
            sent += port.requests_forwarded;
        }
        CHECK(sent == top.gpu(g).memory().stats().writes);
    }
}
