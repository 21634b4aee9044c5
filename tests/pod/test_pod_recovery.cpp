// SPDX-License-Identifier: Apache-2.0
// A link that dies for good (docs/faults.md): with another plane left, the
// GPUs send what it held again and nothing is lost; with no path left, the
// run fails naming the GPUs that cannot reach each other, counts what was
// really lost, and reports no lost write as a mismatch. And the target's
// duplicate filter, alone and in a memory port.
#include "models/core/random.h"
#include "models/core/source_extension.h"
#include "models/gpu/duplicate_filter.h"
#include "models/gpu/memory_port.h"
#include "pod_test_util.h"

#include <catch2/catch.hpp>

#include <tlm_utils/simple_initiator_socket.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <vector>

using namespace lumen;

namespace {

// 8 GPUs on 2 planes, uniform mixed traffic of real data: 2048 requests of
// 4 KiB per GPU, about 90 us of traffic at the default load.
std::vector<std::string> pattern(const std::string& faults, const std::string& timeout_us = "0") {
    return {"workload.kind=pattern",
            "workload.bytes=8388608",
            "pod.gpus=8",
            "pod.planes=2",
            "gpu.retry_timeout_us=" + timeout_us,
            "faults=" + faults};
}

} // namespace

TEST_CASE("a pod loses nothing when a GPU's link to one plane dies mid run", "[pod][recovery]") {
    test::pod_run run(
        pattern(R"([{"at_us": 40, "event": "link_down", "link": "gpu3_plane1_link"}])"));
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    const transaction_counts& t = run.r.transactions;
    CHECK(t.issued == 8 * 2048);
    CHECK(t.completed == t.issued);
    CHECK(t.checked == t.issued); // every read compared, every written slot read back
    CHECK(t.lost == 0);
    CHECK(t.mismatches == 0);
    // The link was carrying traffic when it died: what it held went again.
    const nlohmann::json& rec = run.r.recovery;
    CHECK(rec["dropped_by_down_links"].get<uint64_t>() +
              run.top.link(3, 1).a_to_b().stats().corrupted_by_faults >
          0);
    CHECK(rec["reissued"].get<uint64_t>() > 0);
    CHECK(rec["given_up"] == 0);
    REQUIRE(rec["links_failed"].size() == 2);
    CHECK(rec["links_failed"][0]["name"] == "pod.gpu3_plane1_link.a_to_b");
    CHECK(rec["links_failed"][0]["down_at_us"] == 40.0);
    // Nothing new is sent into it: it dropped only what was on its way.
    CHECK(run.top.link(3, 1).a_to_b().stats().dropped <= 4);
    CHECK(run.top.link(3, 1).b_to_a().stats().dropped <= 8 * 4);
}

TEST_CASE("with no path left the run fails naming the GPUs and no lost write is a mismatch",
          "[pod][recovery]") {
    // The engines warn of their first lost request: expected here.
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DISPLAY);
    test::pod_run run(pattern(R"([{"at_us": 40, "event": "link_down", "link": "gpu3_plane0_link"},
                            {"at_us": 40, "event": "link_down", "link": "gpu3_plane1_link"}])",
                              "20"));
    REQUIRE_FALSE(run.r.passed());
    const std::string& f = run.r.failure;
    INFO(f);
    CHECK(f.find("no path left: gpu0 cannot reach gpu3") == 0);
    CHECK(f.find("gpu3 cannot reach gpu0") != std::string::npos);
    CHECK(f.find("link_down event at 40 us") != std::string::npos);
    CHECK(f.find("min_lanes") == std::string::npos);
    const transaction_counts& t = run.r.transactions;
    CHECK(t.issued == 8 * 2048);
    CHECK(t.lost > 0);
    CHECK(t.completed + t.lost == t.issued);
    CHECK(t.mismatches == 0);
    // Only pairs with GPU 3 lost anything, and the pairs' counts add up.
    uint64_t lost = 0;
    for (const auto& u : run.r.recovery["unreachable"]) {
        CHECK((u["source"] == "gpu3" || u["destination"] == "gpu3"));
        lost += u["lost"].get<uint64_t>();
    }
    // 7 peers both ways, and GPU 3 to its own memory (through the fabric too).
    CHECK(run.r.recovery["unreachable"].size() == 15);
    CHECK(lost == t.lost);
}

TEST_CASE("duplicate_filter: each (source, seq) is new once, in any order", "[recovery]") {
    duplicate_filter f;
    // A second implementation: the set of every pair seen.
    std::set<std::pair<unsigned, uint64_t>> seen;
    random_stream rnd(7, "dedup");
    // Per source, 0 .. 6399 in blocks of 32 shuffled (copies overtake each
    // other), and now and then a repeat of a recent one (a reissue).
    const uint64_t n = 6400;
    uint64_t arrivals = 0;
    for (uint64_t block = 0; block < n; block += 32)
        for (unsigned src = 0; src < 3; ++src) {
            std::vector<uint64_t> order;
            for (uint64_t s = block; s < block + 32; ++s) order.push_back(s);
            for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rnd.below(i)]);
            for (uint64_t seq : order) {
                for (int copy = 0; copy < (rnd.below(4) == 0 ? 2 : 1); ++copy) {
                    const uint64_t s = copy ? seq - std::min<uint64_t>(seq, rnd.below(64)) : seq;
                    const bool fresh = seen.insert({src, s}).second;
                    REQUIRE(f.first_time(src, s) == fresh);
                    ++arrivals;
                }
            }
        }
    CHECK(seen.size() == 3 * n);
    CHECK(f.duplicates() == arrivals - seen.size());
    // Everything arrived: the window holds no bits beyond the contiguous prefix.
    for (unsigned s = 0; s < 3; ++s) CHECK(f.window_bits(s) == 0);
    // A seq that never arrives (a lost request) keeps what follows it.
    duplicate_filter g;
    for (uint64_t s = 1; s <= 1000; ++s) REQUIRE(g.first_time(0, s));
    CHECK(g.window_bits(0) == 1024);
    CHECK(g.first_time(0, 0));
    CHECK(g.window_bits(0) <= 64);
    CHECK_FALSE(g.first_time(0, 500));
}

namespace {

// Sends writes to one memory port, one at a time, each with a given
// (source, seq) as a source's reissue would carry.
struct writer : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<writer> out{"out"};
    struct write {
        unsigned char byte;
        uint64_t seq;
    };
    std::vector<write> writes;
    sc_core::sc_event responded;
    SC_HAS_PROCESS(writer);
    explicit writer(sc_core::sc_module_name n)
        : sc_module(n) {
        out.register_nb_transport_bw(this, &writer::bw);
        SC_THREAD(run);
    }
    tlm::tlm_sync_enum bw(tlm::tlm_generic_payload&, tlm::tlm_phase& phase, sc_core::sc_time&) {
        if (phase == tlm::BEGIN_RESP) {
            responded.notify(sc_core::SC_ZERO_TIME);
            phase = tlm::END_RESP;
            return tlm::TLM_COMPLETED;
        }
        return tlm::TLM_ACCEPTED;
    }
    void run() {
        std::vector<unsigned char> data(64);
        for (const write& w : writes) {
            tlm::tlm_generic_payload gp;
            std::memset(data.data(), w.byte, data.size());
            gp.set_command(tlm::TLM_WRITE_COMMAND);
            gp.set_address(0x1000);
            gp.set_data_ptr(data.data());
            gp.set_data_length(unsigned(data.size()));
            gp.set_streaming_width(unsigned(data.size()));
            source_extension& e = set_source(gp, 5);
            e.seq = w.seq;
            tlm::tlm_phase phase = tlm::BEGIN_REQ;
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            out->nb_transport_fw(gp, phase, delay);
            wait(responded); // the payload frees its extension
        }
    }
};

} // namespace

TEST_CASE("a memory port executes a reissued write once", "[recovery]") {
    memory_port_params p;
    p.size_bytes = 1 << 20;
    memory_port mem("memory", p);
    writer w("writer");
    w.out.bind(mem.mem_target);
    // Write A (seq 0), write B (seq 1) to the same bytes, then a late copy
    // of A: the bytes stay B's.
    w.writes = {{0xAA, 0}, {0xBB, 1}, {0xAA, 0}};
    sc_core::sc_start();
    unsigned char got[64];
    mem.store().read(0x1000, got, sizeof got);
    for (unsigned char b : got) REQUIRE(b == 0xBB);
    CHECK(mem.stats().writes == 2);
    CHECK(mem.stats().duplicate_writes == 1);
}
