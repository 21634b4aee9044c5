// SPDX-License-Identifier: Apache-2.0
// The collective programs run without a fabric, on the untimed interpreter
// of program_interpreter.h. The result checker must pass what the
// algorithms compute and catch a single wrong word; the programs must never
// wait for a send that is not coming (deadlock).
#include "models/workload/collective_workload.h"
#include "tests/pod/program_interpreter.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace lumen;
using test::interpret;

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
