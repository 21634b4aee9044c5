// SPDX-License-Identifier: Apache-2.0
#include "models/platform/pod_config.h"

#include "models/platform/model_config.h"
#include "models/workload/traffic_pattern.h"

#include <fmt/format.h>

namespace lumen {

void declare_pod_keys(config_schema& s) {
    s.add_integer("pod.gpus", 8, 2, 1024, "GPUs",
                  "GPUs in the pod, one switch port each per plane");
    s.add_integer("pod.planes", 4, 1, 64, "planes",
                  "switch planes; every GPU has one link to each (NVLink-style fan-out)");
    s.add_integer("pod.interleave_bytes", 4096, 64, 1LL << 30, "B",
                  "addresses are dealt to the planes round robin in blocks of this size");

    s.add_integer("switch.ports", 64, 2, 1024, "ports",
                  "radix of a switch chip; the pod uses pod.gpus of them");
    s.add_choice("switch.queueing", "voq", {"voq", "input_fifo"},
                 "input queueing: virtual output queues, or one FIFO per input (head-of-line "
                 "blocking)");
    s.add_choice("switch.arbiter", "islip", {"islip", "round_robin"}, "crossbar arbiter");
    s.add_integer("switch.islip_iterations", 1, 1, 64, "iterations", "iSLIP iterations per slot");
    s.add_integer("switch.speedup", 1, 1, 16, "", "crossbar speed over the port rate");
    s.add_boolean("switch.cut_through", false,
                  "forward a packet once its header is in (else store and forward)");
    s.add_real("switch.core_clock_ghz", 1.5, 0.0, 100.0, "GHz", "switch core clock", true);
    s.add_integer("switch.pipeline_cycles", 4, 0, 10000, "core cycles",
                  "latency from the crossbar to the output port");
    s.add_integer("switch.port_bytes_per_cycle", 64, 1, 4096, "B/cycle",
                  "crossbar datapath width per port (64 B at 1.5 GHz = 96 GB/s, above one link)");
    s.add_integer("switch.header_bytes", 16, 0, 1024, "B",
                  "added to every packet inside the switch");
    s.add_integer("switch.input_buffer_bytes", 65536, 256, 1LL << 30, "B",
                  "input buffer per port and request/response plane; credits toward the link");

    s.add_choice("workload.kind", "allreduce", workload_kind_names(),
                 "pattern: synthetic traffic; the collectives run on real buffers; llm_step: a "
                 "tensor- and pipeline-parallel training step");
    s.add_choice("workload.pattern", "uniform", pattern_names(),
                 "destination of each request under workload.kind = pattern");
    s.add_real("workload.hotspot_fraction", 0.2, 0.0, 1.0, "",
               "share of requests to GPU 0 under the hotspot pattern");
    s.add_integer("workload.collective_bytes", 64LL << 20, 8, 1LL << 40, "B",
                  "per-GPU buffer of a collective (nccl-tests' size); a multiple of 8 x pod.gpus");
    s.add_integer("workload.broadcast_slices", 16, 1, 4096, "slices",
                  "pipelined pieces of a ring broadcast");

    s.add_choice("host.completion", "interrupt", {"interrupt", "poll"},
                 "how the host learns that a GPU is done: its completion interrupt, or status "
                 "polls");
    s.add_real("host.poll_interval_ns", 1000.0, 0.0, 1e9, "ns",
               "between status sweeps when polling", true);
    s.add_real("host.pcie_latency_ns", 500.0, 0.0, 1e6, "ns",
               "one-way latency of the host's control path (assumption: PCIe through a switch)");
    s.add_real("host.pcie_GBps", 32.0, 0.0, 1e4, "GB/s",
               "bandwidth of the host's control path (assumption: PCIe Gen5 x4)", true);

    s.add_integer("llm.layers", 8, 1, 1024, "layers", "transformer layers");
    s.add_integer("llm.hidden", 4096, 8, 1 << 20, "", "hidden size");
    s.add_integer("llm.sequence", 2048, 1, 1 << 24, "tokens", "sequence length");
    s.add_integer("llm.micro_batches", 4, 1, 4096, "", "micro-batches per step (GPipe)");
    s.add_integer("llm.micro_batch_size", 1, 1, 4096, "sequences", "sequences per micro-batch");
    s.add_integer("llm.tp", 4, 1, 1024, "GPUs", "tensor-parallel degree (GPUs per stage)");
    s.add_integer("llm.pp", 2, 1, 1024, "stages", "pipeline-parallel degree");
    s.add_integer("llm.bytes_per_element", 2, 1, 8, "B", "bytes per activation element");
    s.add_real("llm.tflops", 400.0, 0.0, 1e6, "TFLOP/s", "sustained compute rate of one GPU", true);
}

void check_pod(const config& c) {
    check_link_and_traffic(c);
    const int64_t gpus = c.integer("pod.gpus"), ports = c.integer("switch.ports");
    if (gpus > ports)
        throw config_error(fmt::format("pod.gpus = {} exceeds switch.ports = {}; allowed: <= {}",
                                       gpus, ports, ports));
    const int64_t capacity = c.integer("memory.capacity_gib") << 30;
    const workload_kind kind = workload_kind_named(c.choice("workload.kind"));
    if (kind == workload_kind::PATTERN) {
        const int64_t request = c.integer("workload.request_bytes");
        const int64_t interleave = c.integer("pod.interleave_bytes");
        if (interleave % request != 0)
            throw config_error(fmt::format(
                "pod.interleave_bytes = {} is not a multiple of workload.request_bytes = {}; "
                "allowed: a multiple, so that no request straddles two planes",
                interleave, request));
        if (c.integer("workload.region_bytes") / gpus < request)
            throw config_error(fmt::format(
                "workload.region_bytes = {} leaves less than one request per destination GPU; "
                "allowed: >= {}",
                c.integer("workload.region_bytes"), gpus * request));
        std::string why =
            pattern_unsupported(pattern_named(c.choice("workload.pattern")), unsigned(gpus));
        if (!why.empty())
            throw config_error(fmt::format("workload.pattern = {} {} (pod.gpus); allowed: another "
                                           "pattern or pod.gpus",
                                           c.choice("workload.pattern"), why));
        return;
    }
    collective_setup setup = collective_setup_from(c, 1);
    if (kind == workload_kind::LLM_STEP) {
        const llm_params& m = setup.llm;
        if (uint64_t(m.tp) * m.pp != uint64_t(gpus))
            throw config_error(fmt::format("llm.tp = {} times llm.pp = {} is not pod.gpus = {}; "
                                           "allowed: llm.tp x llm.pp = pod.gpus",
                                           m.tp, m.pp, gpus));
        if (m.layers % m.pp != 0)
            throw config_error(fmt::format("llm.layers = {} does not split into llm.pp = {} "
                                           "stages; allowed: a multiple of {}",
                                           m.layers, m.pp, m.pp));
        if (m.activation_bytes() % (8 * m.tp) != 0)
            throw config_error(fmt::format(
                "llm activations of {} B do not split into llm.tp = {} whole 8-byte words; "
                "allowed: llm.micro_batch_size x llm.sequence x llm.hidden x "
                "llm.bytes_per_element a multiple of {}",
                m.activation_bytes(), m.tp, 8 * m.tp));
    } else if (setup.bytes % (8 * uint64_t(gpus)) != 0) {
        throw config_error(fmt::format("workload.collective_bytes = {} does not split into "
                                       "pod.gpus = {} chunks of 8-byte words; allowed: a multiple "
                                       "of {}",
                                       setup.bytes, gpus, 8 * gpus));
    }
    if (setup.memory_needed() > uint64_t(capacity))
        throw config_error(fmt::format(
            "{} = {} needs {} B of each GPU's memory, more than memory.capacity_gib = {}; "
            "allowed: a workload that fits",
            kind == workload_kind::LLM_STEP ? "llm.hidden" : "workload.collective_bytes",
            kind == workload_kind::LLM_STEP ? c.integer("llm.hidden")
                                            : c.integer("workload.collective_bytes"),
            setup.memory_needed(), c.integer("memory.capacity_gib")));
}

switch_params switch_params_from(const config& c) {
    switch_params p;
    p.ports = unsigned(c.integer("pod.gpus")); // the ports in use; unused ones carry nothing
    p.queueing =
        c.choice("switch.queueing") == "voq" ? queueing_kind::VOQ : queueing_kind::INPUT_FIFO;
    p.arbiter =
        c.choice("switch.arbiter") == "islip" ? arbiter_kind::ISLIP : arbiter_kind::ROUND_ROBIN;
    p.islip_iterations = unsigned(c.integer("switch.islip_iterations"));
    p.speedup = unsigned(c.integer("switch.speedup"));
    p.cut_through = c.boolean("switch.cut_through");
    p.core_clock_ghz = c.real("switch.core_clock_ghz");
    p.pipeline_cycles = unsigned(c.integer("switch.pipeline_cycles"));
    p.port_bytes_per_cycle = unsigned(c.integer("switch.port_bytes_per_cycle"));
    p.header_bytes = unsigned(c.integer("switch.header_bytes"));
    p.input_buffer_bytes = uint64_t(c.integer("switch.input_buffer_bytes"));
    return p;
}

collective_setup collective_setup_from(const config& c, uint64_t seed) {
    collective_setup s;
    s.kind = workload_kind_named(c.choice("workload.kind"));
    s.gpus = unsigned(c.integer("pod.gpus"));
    s.bytes = uint64_t(c.integer("workload.collective_bytes"));
    s.seed = seed;
    s.broadcast_slices = unsigned(c.integer("workload.broadcast_slices"));
    s.llm.layers = unsigned(c.integer("llm.layers"));
    s.llm.hidden = unsigned(c.integer("llm.hidden"));
    s.llm.sequence = unsigned(c.integer("llm.sequence"));
    s.llm.micro_batches = unsigned(c.integer("llm.micro_batches"));
    s.llm.micro_batch_size = unsigned(c.integer("llm.micro_batch_size"));
    s.llm.tp = unsigned(c.integer("llm.tp"));
    s.llm.pp = unsigned(c.integer("llm.pp"));
    s.llm.bytes_per_element = unsigned(c.integer("llm.bytes_per_element"));
    s.llm.tflops = c.real("llm.tflops");
    return s;
}

} // namespace lumen
