// SPDX-License-Identifier: Apache-2.0
// lumen-bench-pod: simulation speed of the whole pod under uniform random
// traffic. Every GPU writes 256-byte requests (one flit) to uniformly drawn
// GPUs at half its links' payload capacity, over 4 switch planes. The figure
// is packet-hops per second: messages that crossed a link direction plus
// packets a switch forwarded (a write and its response make 6), counted by
// the models, per wall-clock second and per second of this process's CPU
// time (the same on an idle machine; the CPU figure holds on a shared one).
// Every GPU issues the same number of requests, so the work grows with N;
// the cost per hop should not. Each N runs in its own process, since SystemC
// elaborates once per process.
//
//   lumen-bench-pod [--requests-per-gpu R] [--gpus 8,16,32,64]
#include "bench/common/process_usage.h"
#include "models/core/cli.h"
#include "models/platform/pod.h"

#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

namespace {

using lumen::bench::cpu_seconds;

using namespace lumen;

struct bench_row {
    uint64_t requests = 0, hops = 0;
    double sim_us = 0, wall_s = 0, cpu_s = 0, accepted = 0;
    bool passed = false;
};

// The benchmark's config for one pod size; throws config_error when the
// pod cannot be built (the parent checks every size before the first run).
config bench_config(unsigned gpus, uint64_t requests_per_gpu) {
    config_schema schema;
    pod_description().declare(schema);
    config c =
        config::load(schema, "",
                     {"workload.kind=pattern", "workload.pattern=uniform", "workload.op=write",
                      "workload.injection_rate=0.5", "workload.request_bytes=256", "link.ber=0",
                      // enough requests in flight to cover the round trip
                      "workload.max_outstanding=1024", "pod.gpus=" + std::to_string(gpus),
                      // 256 KiB per source in each destination's memory
                      "workload.region_bytes=" + std::to_string(gpus * 262144),
                      "workload.bytes=" + std::to_string(requests_per_gpu * 256)});
    pod_description().validate(c);
    return c;
}

bench_row run(unsigned gpus, uint64_t requests_per_gpu) {
    const config c = bench_config(gpus, requests_per_gpu);
    pod_platform top("pod", c, 1);
    run_results r;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    top.simulate(r);
    bench_row row;
    row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    row.cpu_s = cpu_seconds() - cpu_start;
    for (unsigned g = 0; g < gpus; ++g)
        for (unsigned s = 0; s < top.planes(); ++s)
            row.hops +=
                top.link(g, s).a_to_b().stats().messages + top.link(g, s).b_to_a().stats().messages;
    for (unsigned s = 0; s < top.planes(); ++s) row.hops += top.plane_switch(s).stats().forwarded;
    row.requests = r.transactions.completed;
    row.sim_us = r.sim_time_ns / 1000.0;
    row.accepted = r.workload["accepted_load"].get<double>();
    row.passed = r.passed();
    return row;
}

// Runs `run` in a child process and reads its row back through a pipe.
bool run_isolated(unsigned gpus, uint64_t requests_per_gpu, bench_row& row) {
    int fd[2];
    if (pipe(fd) != 0) return false;
    const pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        const bench_row r = run(gpus, requests_per_gpu);
        const bool ok = write(fd[1], &r, sizeof r) == ssize_t(sizeof r);
        _exit(ok ? 0 : 1);
    }
    close(fd[1]);
    const bool got = read(fd[0], &row, sizeof row) == ssize_t(sizeof row);
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return got && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    uint64_t requests_per_gpu = 8192;
    std::vector<unsigned> gpu_counts{8, 16, 32, 64};
    CLI::App app{"lumen-bench-pod: packet-hops per wall-clock second of the pod",
                 "lumen-bench-pod"};
    app.add_option("--requests-per-gpu", requests_per_gpu, "256-byte writes each GPU issues")
        ->check(CLI::Range(uint64_t(1), uint64_t(1) << 32));
    app.add_option("--gpus", gpu_counts, "pod sizes")->delimiter(',');
    if (auto code = cli::parse_options(app, argc, argv)) return *code;
    for (unsigned n : gpu_counts) {
        try {
            bench_config(n, requests_per_gpu);
        } catch (const config_error& e) {
            fmt::print(stderr, "{}: error: --gpus {}: {}\n", app.get_name(), n, e.what());
            return 2;
        }
    }

    sc_core::sc_report_handler::set_verbosity_level(sc_core::SC_LOW);
    fmt::print("lumen-bench-pod: uniform writes of 256 B at half load, 4 planes, {} per GPU, "
               "one core\n",
               requests_per_gpu);
    fmt::print("{:>5} {:>10} {:>11} {:>10} {:>9} {:>8} {:>8} {:>12} {:>12} {:>10}\n", "GPUs",
               "requests", "packet-hops", "sim (us)", "accepted", "wall (s)", "cpu (s)",
               "hops/wall-s", "hops/cpu-s", "cpu ns/hop");
    bool all_ok = true;
    for (unsigned n : gpu_counts) {
        bench_row r;
        if (!run_isolated(n, requests_per_gpu, r) || !r.passed) {
            fmt::print("{:>5} run failed\n", n);
            all_ok = false;
            continue;
        }
        fmt::print("{:>5} {:>10} {:>11} {:>10.1f} {:>9.3f} {:>8.2f} {:>8.2f} {:>12.0f} {:>12.0f} "
                   "{:>10.0f}\n",
                   n, r.requests, r.hops, r.sim_us, r.accepted, r.wall_s, r.cpu_s,
                   double(r.hops) / r.wall_s, double(r.hops) / r.cpu_s,
                   1e9 * r.cpu_s / double(r.hops));
    }
    return all_ok ? 0 : 1;
}
