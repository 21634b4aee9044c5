// SPDX-License-Identifier: Apache-2.0
// The message path speaks nb_transport only: its target sockets start no
// thread of their own (tlm_utils would spawn one per socket to serve
// b_transport, a coroutine stack each, a dozen per GPU), and a blocking call
// into one is an error, not a call served some other way.
#include "pod_test_util.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace lumen;

namespace {

// tlm_utils' blocking-to-non-blocking threads among `objects` and below.
unsigned adapter_threads(const std::vector<sc_core::sc_object*>& objects) {
    unsigned n = 0;
    for (const sc_core::sc_object* o : objects) {
        const std::string base = o->basename();
        if (std::string(o->kind()) == "sc_thread_process" && base.rfind("b2nb_thread", 0) == 0) ++n;
        n += adapter_threads(o->get_child_objects());
    }
    return n;
}

} // namespace

TEST_CASE("pod: the message path's target sockets start no thread", "[pod][sockets]") {
    test::pod_run run({"workload.kind=pattern", "workload.bytes=4096"});
    REQUIRE(run.r.passed());
    // Counted after the run: the sockets spawn their threads at its start.
    CHECK(adapter_threads(sc_core::sc_get_top_level_objects()) == 0);
}

TEST_CASE("pod: a blocking call into a message-path socket is refused", "[pod][sockets]") {
    // After a run to its end: stopped midway, the host's driver thread
    // would keep what its stack holds (a sanitizer build reports the leak).
    test::pod_run run({"workload.kind=pattern", "workload.bytes=4096"});
    REQUIRE(run.r.passed());
    tlm::tlm_generic_payload gp;
    unsigned char data[8] = {};
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_data_ptr(data);
    gp.set_data_length(sizeof data);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    auto& link_in = run.top.link(0, 0).a_in;
    CHECK_THROWS_WITH(link_in.get_base_export()->b_transport(gp, delay),
                      Catch::Contains("speaks nb_transport"));
    CHECK(gp.get_response_status() == tlm::TLM_COMMAND_ERROR_RESPONSE);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    auto& memory_in = run.top.gpu(1).memory().mem_target;
    CHECK_THROWS_WITH(memory_in.get_base_export()->b_transport(gp, delay),
                      Catch::Contains("speaks nb_transport"));
    CHECK(gp.get_response_status() == tlm::TLM_COMMAND_ERROR_RESPONSE);
}
