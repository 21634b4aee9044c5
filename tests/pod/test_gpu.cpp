// SPDX-License-Identifier: Apache-2.0
// One GPU module alone, its fabric looped back onto its own memory: its
// registers start the engine and show what it did, and it raises its
// completion interrupt only when enabled, once its own check has run.
#include "models/gpu/gpu.h"
#include "models/gpu/traffic_engine.h"
#include "models/host/register_map.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace lumen;
using namespace sc_core;

namespace {

struct interrupt_log : sc_module, interrupt_if {
    explicit interrupt_log(sc_module_name name)
        : sc_module(name) {}
    void interrupt(unsigned g) override { raised.push_back(g); }
    std::vector<unsigned> raised;
};

struct loopback {
    memory_port_params mem;
    traffic_params t;
    interrupt_log host{"host"};
    std::unique_ptr<lumen::gpu> dev;
    register_file regs;

    // GPU 2 writes `requests` requests of 256 B into its own memory.
    explicit loopback(unsigned requests, double memory_GBps = memory_port_params{}.bandwidth_GBps) {
        mem.bandwidth_GBps = memory_GBps;
        mem.size_bytes = 1ULL << 30;
        mem.base_address = 2 * mem.size_bytes;
        dev = std::make_unique<lumen::gpu>("gpu2", 2, mem, plane_interleave{});
        t.op = traffic_op::WRITE;
        t.request_bytes = 256;
        t.total_bytes = uint64_t(requests) * t.request_bytes;
        t.region_bytes = 1 << 20;
        t.target_base = mem.base_address;
        t.wait_for_start = true;
        dev->make_engine<traffic_engine>(t);
        dev->fabric_out(0).bind(dev->fabric_in(0));
        dev->irq.bind(host);
        regs = dev->registers();
    }
};

} // namespace

TEST_CASE("a GPU's registers start its engine and show its counters", "[pod][gpu]") {
    loopback l(64);
    CHECK(l.dev->engine().initiator().name() == std::string("gpu2.engine.init_out"));
    CHECK(l.regs.read(regs::gpu::ID) == (regs::gpu_id_magic | 2));
    l.regs.write(regs::gpu::IRQ_ENABLE, regs::gpu::IRQ_DONE);
    sc_start(sc_time(1, SC_US));
    CHECK(l.regs.read(regs::gpu::STATUS) == 0); // nothing before START
    CHECK(l.regs.read(regs::gpu::ISSUED) == 0);

    l.regs.write(regs::gpu::CONTROL, regs::gpu::CONTROL_START);
    CHECK(l.regs.read(regs::gpu::STATUS) == regs::gpu::STATUS_RUNNING);
    sc_start();
    CHECK(l.regs.read(regs::gpu::STATUS) == regs::gpu::STATUS_DONE);
    CHECK(l.regs.read(regs::gpu::ISSUED) == 64);
    CHECK(l.regs.read(regs::gpu::COMPLETED) == 64);
    CHECK(l.regs.read(regs::gpu::CHECKED) == 64); // every write found in memory
    CHECK(l.regs.read(regs::gpu::MISMATCHES) == 0);
    CHECK(l.regs.read(regs::gpu::BYTES) == 64 * 256);
    CHECK(l.regs.read(regs::gpu::START_PS) == 1000000);
    CHECK(l.regs.read(regs::gpu::DONE_PS) == l.dev->done_ps());
    CHECK(l.dev->done_ps() > l.dev->start_ps());
    CHECK(l.regs.read(regs::gpu::WAIT_PS) == 0);
    CHECK(l.host.raised == std::vector<unsigned>{2});
    CHECK(l.dev->memory().stats().writes == 64);
}

TEST_CASE("a GPU raises no interrupt unless enabled", "[pod][gpu]") {
    loopback l(8);
    l.regs.write(regs::gpu::CONTROL, regs::gpu::CONTROL_START);
    sc_start();
    CHECK(l.dev->done());
    CHECK(l.regs.read(regs::gpu::CHECKED) == 8);
    CHECK(l.host.raised.empty());
}

// 256 B at 1e-300 GB/s take about 4e302 memory cycles: no 64-bit picosecond
// time holds that, and converting it to an integer would be undefined (a
// short delay in practice). The memory port reports it instead.
TEST_CASE("a memory transfer beyond the 64-bit clock is an error, not a wrapped delay",
          "[pod][gpu]") {
    loopback l(1, 1e-300);
    l.regs.write(regs::gpu::CONTROL, regs::gpu::CONTROL_START);
    CHECK_THROWS_WITH(sc_start(), Catch::Contains("bandwidth_GBps = 1e-300") &&
                                      Catch::Contains("beyond the 64-bit picosecond clock"));
    CHECK(l.dev->memory().stats().writes == 0);
}
