// SPDX-License-Identifier: Apache-2.0
// The collective programs run without a fabric: a second, untimed
// interpreter that moves every SEND at once and runs each GPU until it
// waits. The result checker must pass what the algorithms compute and catch
// a single wrong word; the programs must never wait for a send that is not
// coming (deadlock).
#include "models/workload/collective_workload.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <tuple>
#include <vector>

using namespace lumen;

namespace {

// Runs the programs to the end; false on a deadlock.
bool interpret(const std::vector<collective_program>& programs, std::vector<backing_store>& mem) {
    std::vector<size_t> pc(programs.size(), 0);
    std::map<std::tuple<unsigned, unsigned, uint32_t>, unsigned> arrived; // (to, from, tag)
    bool progress = true;
    while (progress) {
        progress = false;
        for (unsigned g = 0; g < programs.size(); ++g)
            while (pc[g] < programs[g].size()) {
                const collective_op& op = programs[g][pc[g]];
                std::vector<unsigned char> a(op.bytes), b(op.bytes);
                if (op.kind == collective_op::WAIT) {
                    auto it = arrived.find({g, op.peer, op.tag});
                    if (it == arrived.end() || it->second == 0) break;
                    --it->second;
                } else if (op.kind == collective_op::SEND) {
                    mem[g].read(op.src, a.data(), op.bytes);
                    mem[op.peer].write(op.dst, a.data(), op.bytes);
                    ++arrived[{op.peer, g, op.tag}];
                } else if (op.kind == collective_op::REDUCE) {
                    mem[g].read(op.src, a.data(), op.bytes);
                    mem[g].read(op.dst, b.data(), op.bytes);
                    for (size_t i = 0; i < op.bytes; i += 8) {
                        uint64_t x, y;
                        std::memcpy(&x, &a[i], 8);
                        std::memcpy(&y, &b[i], 8);
                        y += x;
                        std::memcpy(&b[i], &y, 8);
                    }
                    mem[g].write(op.dst, b.data(), op.bytes);
                } else if (op.kind == collective_op::COPY) {
                    mem[g].read(op.src, a.data(), op.bytes);
                    mem[g].write(op.dst, a.data(), op.bytes);
                }
                ++pc[g];
                progress = true;
            }
    }
    for (unsigned g = 0; g < programs.size(); ++g)
        if (pc[g] != programs[g].size()) return false;
    return true;
}

} // namespace

TEST_CASE("every collective program computes its result", "[collective]") {
    for (const char* name :
         {"allreduce", "reduce_scatter", "allgather", "alltoall", "broadcast", "sendrecv"})
        for (unsigned gpus : {2u, 5u, 8u}) {
            collective_setup s;
            s.kind = workload_kind_named(name);
            s.gpus = gpus;
            s.bytes = 8 * gpus * 37;
            s.seed = 11;
            s.broadcast_slices = 3;
            std::vector<backing_store> mem(gpus);
            for (unsigned g = 0; g < gpus; ++g) initialize(s, g, mem[g]);
            INFO(name << " on " << gpus << " GPUs");
            REQUIRE(interpret(build_programs(s), mem));
            result_checker checker(s);
            for (unsigned g = 0; g < gpus; ++g) {
                verdict v = checker.check(g, mem[g]);
                CHECK(v.words_checked > 0);
                CHECK(v.words_wrong == 0);
            }
            // One corrupted word in the result is caught.
            verdict before = checker.check(gpus - 1, mem[gpus - 1]);
            uint64_t offset = s.kind == workload_kind::ALLTOALL || s.kind == workload_kind::SENDRECV
                                  ? s.scratch_offset()
                                  : 0;
            if (s.kind == workload_kind::REDUCE_SCATTER)
                offset = program_builder::chunk_begin(s.bytes, gpus, gpus - 1);
            unsigned char byte;
            mem[gpus - 1].read(offset + 3, &byte, 1);
            byte ^= 0xFF;
            mem[gpus - 1].write(offset + 3, &byte, 1);
            CHECK(checker.check(gpus - 1, mem[gpus - 1]).words_wrong == before.words_wrong + 1);
        }
}

TEST_CASE("a training step's program runs to the end", "[collective]") {
    collective_setup s;
    s.kind = workload_kind::LLM_STEP;
    s.gpus = 8;
    s.llm.tp = 4;
    s.llm.pp = 2;
    s.llm.layers = 4;
    s.llm.hidden = 64;
    s.llm.sequence = 16;
    std::vector<backing_store> mem(s.gpus);
    std::vector<collective_program> programs = build_programs(s);
    REQUIRE(interpret(programs, mem));
    // Per GPU: 2 layers x (fwd + bwd) x 2 all-reduces x 4 micro-batches,
    // each ring all-reduce 2(tp-1) sends; plus one stage-to-stage send per
    // micro-batch and direction.
    size_t sends = 0;
    for (const auto& op : programs[0]) sends += op.kind == collective_op::SEND;
    CHECK(sends == 2 * 2 * 2 * 4 * 2 * 3 + 4);
}

TEST_CASE("the ideal training step is the GPipe schedule's compute", "[collective]") {
    llm_params m; // 8 layers, h 4096, s 2048, 4 micro-batches, tp 4, pp 2, 400 TFLOP/s
    // Narayanan et al. (SC 2021): 24Bsh^2 + 4Bs^2h forward flops per layer.
    double h = 4096, s = 2048;
    double forward = (24 * s * h * h + 4 * s * s * h) / 4; // per TP rank
    double stage_ps = 4 * 3 * forward / 400.0;             // 4 layers, fwd + 2x bwd, flop/ps
    CHECK(double(m.ideal_step_ps()) == Approx((4 + 2 - 1) * stage_ps).epsilon(1e-6));
    CHECK(m.activation_bytes() == 2048ULL * 4096 * 2);
}
