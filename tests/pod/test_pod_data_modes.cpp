// SPDX-License-Identifier: Apache-2.0
// sim.data = compact: a run passes and holds checksums, and fails when one
// word of a memory, one packet past the CRC or one write's address is
// damaged, a write is lost, or a stale copy of a write lands again. That
// its figures are those of real bytes is pod_data_modes_test.sh's (one
// elaboration per process, one mode per run).
#include "pod_test_util.h"

#include <catch2/catch.hpp>

#include <memory>

using namespace lumen;

namespace {

std::vector<std::string> with(std::vector<std::string> sets, const std::string& data) {
    sets.push_back("sim.data=" + data);
    return sets;
}

// A small all-reduce: 4 GPUs x 4 planes, 64 KiB, 16 KiB chunks of whole blocks.
const std::vector<std::string> allreduce = {"pod.gpus=4", "workload.kind=allreduce",
                                            "workload.collective_bytes=65536", "link.ber=0"};
// A compact all-reduce with `damage` applied before it runs; it must fail
// on its data check.
void compact_allreduce_fails(const std::function<void(pod_platform&)>& damage) {
    test::pod_run run(with(allreduce, "compact"), {}, damage);
    INFO(run.r.failure);
    CHECK_FALSE(run.r.passed());
    CHECK(run.r.workload["words_wrong"].get<uint64_t>() > 0);
}

// Calls `act` with the n-th write that reaches GPU g's memory.
void at_write(pod_platform& top, unsigned g, unsigned n,
              std::function<void(tlm::tlm_generic_payload&)> act) {
    auto count = std::make_shared<unsigned>(0);
    top.gpu(g).memory().on_access = [count, n, act](tlm::tlm_generic_payload& gp) {
        if (gp.is_write() && ++*count == n) act(gp);
    };
}

} // namespace

TEST_CASE("compact all-reduce passes undamaged and holds a checksum per block", "[pod][data]") {
    test::pod_run run(with(allreduce, "compact"));
    INFO(run.r.failure);
    REQUIRE(run.r.passed());
    // Every word of every GPU's result is covered: 4 GPUs x 64 KiB / 8.
    CHECK(run.r.workload["words_checked"].get<uint64_t>() == 4 * 65536 / 8);
    CHECK(run.r.workload["words_wrong"].get<uint64_t>() == 0);
    // A block reads back as its checksum and zeros.
    unsigned char block[backing_store::block_bytes];
    run.top.gpu(1).memory().store().read(0, block, sizeof block);
    for (unsigned i = 8; i < sizeof block; ++i) REQUIRE(block[i] == 0);
}

TEST_CASE("compact all-reduce: one word corrupted in a memory fails the run", "[pod][data]") {
    compact_allreduce_fails([](pod_platform& top) {
        // GPU 2's input, before anything reads it: the sum is wrong everywhere.
        backing_store& m = top.gpu(2).memory().store();
        unsigned char word[8];
        m.read(8 * 37, word, 8);
        word[3] ^= 0x10;
        m.write(8 * 37, word, 8);
    });
}

TEST_CASE("compact all-reduce: one packet corrupted past the CRC fails the run", "[pod][data]") {
    compact_allreduce_fails([](pod_platform& top) {
        at_write(top, 1, 3, [](tlm::tlm_generic_payload& gp) { gp.get_data_ptr()[100] ^= 1; });
    });
}

TEST_CASE("compact all-reduce: a misrouted write fails the run", "[pod][data]") {
    compact_allreduce_fails([](pod_platform& top) {
        at_write(top, 3, 2, [](tlm::tlm_generic_payload& gp) {
            gp.set_address(gp.get_address() + backing_store::block_bytes);
        });
    });
}

TEST_CASE("compact all-reduce: a lost write fails the run", "[pod][data]") {
    compact_allreduce_fails([](pod_platform& top) {
        // Answered as if stored, never stored: only the data check can tell.
        at_write(top, 0, 5,
                 [](tlm::tlm_generic_payload& gp) { gp.set_command(tlm::TLM_IGNORE_COMMAND); });
    });
}

TEST_CASE("compact writes: a stale duplicate of a write fails the run", "[pod][data]") {
    // Writes only, 16 slots per source in each target: each slot is written
    // again and again. The first write into GPU 1 lands again with each
    // later write to its slot, the last one too, which the check proves.
    const std::vector<std::string> writes = {"pod.gpus=4",
                                             "workload.kind=pattern",
                                             "workload.op=write",
                                             "workload.bytes=65536",
                                             "workload.request_bytes=256",
                                             "workload.region_bytes=16384",
                                             "workload.max_outstanding=4",
                                             "link.ber=0"};
    test::pod_run run(with(writes, "compact"), {}, [](pod_platform& top) {
        struct stale {
            uint64_t address = 0;
            std::vector<unsigned char> data;
        };
        auto first = std::make_shared<stale>();
        top.gpu(1).memory().on_access = [first](tlm::tlm_generic_payload& gp) {
            if (!gp.is_write()) return;
            unsigned char* d = gp.get_data_ptr();
            if (first->data.empty()) {
                first->address = gp.get_address();
                first->data.assign(d, d + gp.get_data_length());
            } else if (gp.get_address() == first->address) {
                std::copy(first->data.begin(), first->data.end(), d);
            }
        };
    });
    INFO(run.r.failure);
    CHECK_FALSE(run.r.passed());
    CHECK(run.r.transactions.mismatches > 0);
}
