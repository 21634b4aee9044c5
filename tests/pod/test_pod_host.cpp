// SPDX-License-Identifier: Apache-2.0
// The host drives the pod over its control path: the counters it reads back
// are the models' own, interrupts and polling both find every GPU done, and
// its accesses take the time the control path's parameters say.
#include "pod_test_util.h"

#include "models/host/register_map.h"
#include "models/workload/collective_engine.h"

#include <catch2/catch.hpp>

using namespace lumen;

namespace {

struct host_run : test::pod_run {
    explicit host_run(const std::vector<std::string>& extra)
        : pod_run(with_defaults(extra)) {}
    static std::vector<std::string> with_defaults(std::vector<std::string> sets) {
        sets.insert(sets.begin(), {"workload.collective_bytes=1048576", "link.ber=0"});
        return sets;
    }
};

} // namespace

TEST_CASE("the host reads back what the models counted", "[pod][host]") {
    host_run run({});
    REQUIRE(run.r.passed());
    const host_cpu& host = run.top.host();
    REQUIRE(host.finished());
    CHECK(host.error().empty());
    CHECK(host.interrupts() == 8);
    CHECK(host.status_reads() == 8); // one confirming read per interrupt
    uint64_t issued = 0;
    for (unsigned g = 0; g < 8; ++g) {
        const gpu_readout& h = host.gpus()[g];
        const collective_engine_stats& e =
            dynamic_cast<const collective_engine&>(run.top.gpu(g).engine()).stats();
        CHECK(h.issued == e.transactions.issued);
        CHECK(h.completed == e.transactions.completed);
        CHECK(h.checked == h.completed);
        CHECK(h.mismatches == 0);
        CHECK(h.bytes == e.bytes_sent);
        CHECK(h.done_ps == e.finish_ps);
        CHECK(h.start_ps < h.done_ps);
        issued += h.issued;
    }
    CHECK(run.r.transactions.issued == issued);
    for (unsigned s = 0; s < 4; ++s) {
        CHECK(host.switches()[s].forwarded == run.top.plane_switch(s).stats().forwarded);
        CHECK(host.switches()[s].in_flight == 0);
        CHECK(run.r.switches[s].forwarded == host.switches()[s].forwarded);
    }
}

TEST_CASE("polling finds every GPU done, as interrupts do", "[pod][host]") {
    host_run run({"host.completion=poll", "host.poll_interval_ns=5000"});
    REQUIRE(run.r.passed());
    const host_cpu& host = run.top.host();
    CHECK(host.interrupts() == 0);
    CHECK(host.status_reads() > 8); // the sweeps before the GPUs were done
    for (unsigned g = 0; g < 8; ++g) CHECK(host.gpus()[g].checked == host.gpus()[g].completed);
}

// The driver reads the 8 GPU and 4 switch IDs one after the other, each a
// round trip: request (24 B header at 32 GB/s = 750 ps), 500 ns, completion
// (24 + 8 B = 1000 ps), 500 ns. Then per GPU two posted writes (IRQ_ENABLE,
// START) of 1000 ps each on the path; START lands 500 ns after its bytes.
TEST_CASE("control accesses take the control path's latency and bandwidth", "[pod][host]") {
    host_run run({});
    REQUIRE(run.r.passed());
    const uint64_t read_ps = 750 + 500000 + 1000 + 500000;
    const uint64_t ids_ps = 12 * read_ps;
    for (unsigned g = 0; g < 8; ++g) {
        INFO("GPU " << g);
        CHECK(run.top.host().gpus()[g].start_ps == ids_ps + (2 * g + 2) * 1000 + 500000);
    }
}
