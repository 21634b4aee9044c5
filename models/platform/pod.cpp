// SPDX-License-Identifier: Apache-2.0
#include "models/platform/pod.h"

#include "models/platform/collective_sizes.h"
#include "models/platform/data_config.h"
#include "models/platform/fabric_run.h"
#include "models/platform/model_config.h"
#include "models/platform/recovery_config.h"
#include "models/platform/switch_config.h"

namespace lumen {

namespace {

fabric_spec pod_spec(const config& c, uint64_t seed, const std::vector<uint64_t>& sizes) {
    fabric_spec s;
    s.topology = pod_topology(c);
    s.tier_links = {link_params_from(c)};
    s.level_switches = {switch_params_from(c)};
    s.memory = memory_params_from(c);
    s.memory.data = data_mode_from(c, s.topology.gpus(), workload_keys{}, sizes);
    s.interleave.planes = s.topology.planes;
    s.interleave.interleave_bytes = uint64_t(c.integer("pod.interleave_bytes"));
    s.seed = seed;
    s.host_config = host_params_from(c);
    s.bus = control_bus_params_from(c);
    s.recovery = recovery_params_from(c, s);
    return s;
}

collective_setup with_data(collective_setup s, data_mode data) {
    s.data = data;
    return s;
}

} // namespace

pod_platform::pod_platform(const char* name, const config& c, uint64_t seed,
                           const std::vector<uint64_t>& sizes)
    : m_max_time(c.real("sim.max_time_us"), sc_core::SC_US)
    , m_spec(pod_spec(c, seed, sizes))
    , m_capacity_GBps(m_spec.tier_links[0].payload_capacity_GBps() * m_spec.topology.planes)
    , m_workload(
          c, with_data(collective_setup_from(c, m_spec.topology.gpus(), seed), m_spec.memory.data),
          m_spec.interleave, m_spec.memory.size_bytes, m_capacity_GBps, seed, sizes)
    , m_fabric(name, m_spec,
               [this](unsigned g, lumen::gpu& gpu) { m_workload.make_engine(g, gpu); }) {
    schedule_faults(c, m_fabric);
}

void pod_platform::simulate(run_results& r, bool show_progress) {
    const run_span span = simulate_fabric(m_fabric, m_max_time, show_progress, r);
    m_workload.report(m_fabric, span, r);
}

platform_description pod_description() {
    platform_description d;
    d.name = "pod";
    d.summary = "LumenLink GPU pod: N GPUs, each with a Micro LED link to each of P switch "
                "planes, running synthetic traffic, collectives on real buffers, or an LLM "
                "training step.";
    d.declare = [](config_schema& s) {
        declare_cluster_keys(s);
        declare_pod_keys(s);
    };
    d.validate = check_pod;
    d.validate_sizes = [](const config& c, const std::vector<uint64_t>& sizes) {
        check_sizes(collective_setup_from(c, unsigned(c.integer("pod.gpus")), 1), sizes,
                    memory_params_from(c).size_bytes);
        data_mode_from(c, unsigned(c.integer("pod.gpus")), workload_keys{}, sizes);
    };
    d.run = [](const config& c, const run_options& o, run_results& r) {
        pod_platform top("pod", c, o.seed, o.sizes);
        if (o.trace) {
            top.trace(*o.trace);
            o.trace->require_match();
        }
        top.simulate(r, o.progress);
    };
    return d;
}

} // namespace lumen
