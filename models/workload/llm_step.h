// SPDX-License-Identifier: Apache-2.0
// One training step of a transformer over tp x pp x dp GPUs, as Megatron-LM
// runs it (Narayanan et al., "Efficient large-scale language model training
// on GPU clusters using Megatron-LM", SC 2021): tensor parallelism inside a
// stage (two all-reduces of the activations per layer and pass), a pipeline
// of pp stages over micro-batches (GPipe: all forwards, then all backwards,
// Huang et al., NeurIPS 2019; or 1F1B, PipeDream-flush, Narayanan et al.,
// SoCC 2021 / SC 2021), and data parallelism across dp replicas (each
// stage's gradients all-reduced at the end of the step). Plain C++.
#pragma once

#include "models/workload/collective_program.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lumen {

enum class llm_schedule { GPIPE, ONE_F_ONE_B };
const std::vector<std::string>& llm_schedule_names(); // index = enum
// TP_INNER: rank = (stage x dp + replica) x tp + tp_index (Megatron-LM's
// order: TP fastest, then DP, then PP), so that a TP group is tp
// consecutive GPUs under one leaf switch, the replicas of a stage next to
// each other, and the stages across.
enum class llm_placement { TP_INNER };
const std::vector<std::string>& llm_placement_names();
// The gradient all-reduce: one ring over a stage's replicas, or the
// two-level form of program_builder::hierarchical_allreduce over the leaf
// switches they sit under.
enum class llm_dp_algorithm { RING, HIERARCHICAL };
const std::vector<std::string>& llm_dp_algorithm_names();

// What a training step's operations are part of (collective_op::label).
enum llm_label : uint32_t { LLM_FORWARD = 1, LLM_BACKWARD, LLM_TP, LLM_PP, LLM_DP };

struct llm_params {
    unsigned layers = 8;
    unsigned hidden = 4096;
    unsigned sequence = 2048;
    unsigned micro_batches = 4;
    unsigned micro_batch_size = 1;
    unsigned tp = 4;                     // GPUs per stage
    unsigned pp = 2;                     // stages
    unsigned dp = 1;                     // replicas of the pipeline
    unsigned bytes_per_element = 2;      // of activations
    unsigned grad_bytes_per_element = 4; // of gradients (fp32 main gradients)
    uint64_t dp_bucket_bytes = 25 << 20; // gradients all-reduced at once (PyTorch DDP's 25 MB)
    double tflops = 400;                 // sustained compute rate of one GPU
    llm_schedule schedule = llm_schedule::GPIPE;
    llm_placement placement = llm_placement::TP_INNER;
    llm_dp_algorithm dp_algorithm = llm_dp_algorithm::RING;

    unsigned gpus() const { return tp * pp * dp; }
    unsigned rank(unsigned stage, unsigned replica, unsigned tp_index) const {
        return (stage * dp + replica) * tp + tp_index;
    }
    // One micro-batch's activations, B x s x h elements.
    uint64_t activation_bytes() const {
        return uint64_t(micro_batch_size) * sequence * hidden * bytes_per_element;
    }
    // Forward time of one layer's attention and MLP blocks on one GPU (its
    // 1/tp share of 24Bsh^2 + 4Bs^2h flops); backward takes twice as long.
    uint64_t attention_forward_ps() const;
    uint64_t mlp_forward_ps() const;
    // The step's pipeline on an ideal interconnect: (M + pp - 1) slots of
    // one stage's forward and backward (the same for GPipe and 1F1B).
    uint64_t ideal_step_ps() const;
    // One GPU's gradients: its 1/tp share of the 12h^2 weights of each of
    // its stage's layers (Narayanan et al.), rounded up to whole 8-byte words
    // in dp equal chunks.
    uint64_t gradient_bytes() const;
    // The buckets of the gradient all-reduce: at most dp_bucket_bytes each,
    // whole words in dp equal chunks; the last one takes the rest.
    std::vector<uint64_t> dp_buckets() const;
    uint64_t tokens_per_step() const {
        return uint64_t(micro_batches) * micro_batch_size * sequence * dp;
    }
};

// The passes one stage makes, in order.
struct pipeline_pass {
    bool backward;
    unsigned micro_batch;
};
// GPipe: forward 0..M-1, then backward M-1..0. 1F1B: min(pp - stage - 1, M)
// warm-up forwards, then one forward and one backward in turn, then the
// remaining backwards.
std::vector<pipeline_pass> stage_passes(llm_schedule schedule, unsigned stage, unsigned pp,
                                        unsigned micro_batches);
// The most micro-batches whose forward a stage has run and whose backward
// it has not: the activations it holds at once.
unsigned peak_in_flight(const std::vector<pipeline_pass>& passes);

// Appends the step to b's programs: activations at `data`, the TP
// all-reduces' scratch at `scratch`, stage-to-stage transfers into
// `receive`, gradient buckets at `gradients` with their scratch at
// `gradient_scratch`. `domains` are the GPUs under each leaf switch, for
// the hierarchical gradient all-reduce (throws std::invalid_argument with
// the reason when a stage's replicas do not split evenly over them).
void build_llm_step(const llm_params& m, program_builder& b, uint64_t data, uint64_t scratch,
                    uint64_t receive, uint64_t gradients, uint64_t gradient_scratch,
                    const std::vector<std::vector<unsigned>>& domains);

// Why `m` cannot be placed on GPUs under `domains` (a TP group that spans
// two leaves, or replicas that split unevenly for a hierarchical gradient
// all-reduce), or empty; no domains means one scale-up domain.
std::string llm_placement_unsupported(const llm_params& m,
                                      const std::vector<std::vector<unsigned>>& domains);

} // namespace lumen
