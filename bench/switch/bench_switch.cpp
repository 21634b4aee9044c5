// SPDX-License-Identifier: Apache-2.0
// lumen-bench-switch: simulation speed of one packet switch under uniform
// saturated traffic (every port's initiator always has a 240-byte write
// offered, destinations uniform i.i.d.). The figure is packet-hops (requests
// and responses that crossed the switch) per second, wall-clock and of the
// process's CPU time (the same on an idle machine; the CPU figure holds on a
// shared one), on one core,
// tracing off, data bytes neither written nor checked (the switch never
// touches them; the tests check them). Each port count runs in its own process, since SystemC
// elaborates once per process.
//
//   lumen-bench-switch [--hops N] [--ports 8,16,32,64]
#include "bench/common/process_usage.h"
#include "models/core/cli.h"
#include "tests/switch/switch_testbench.h"

#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace {

using lumen::bench::cpu_seconds;

using namespace lumen;

struct bench_row {
    uint64_t hops = 0;
    double sim_us = 0;
    double wall_s = 0;
    double cpu_s = 0;    // this process's CPU time: the figure on a busy machine
    double accepted = 0; // requests per port per slot
};

bench_row run(unsigned ports, queueing_kind q, arbiter_kind a, uint64_t min_hops) {
    switch_params sp;
    sp.ports = ports;
    sp.queueing = q;
    sp.arbiter = a;
    sp.core_clock_ghz = 1.0;
    sp.port_bytes_per_cycle = 32;
    sp.header_bytes = 16;
    sp.pipeline_cycles = 2;
    sp.input_buffer_bytes = 64 * 256;
    test::initiator_params ip;
    ip.destinations = ports;
    ip.data_bytes = 240;
    ip.touch_data = false;
    test::target_params tp;
    tp.touch_data = false;
    tp.response_latency_ps = 50000;
    test::switch_rig rig("bench", sp, ip, tp);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    uint64_t hops = 0;
    while (hops < min_hops) {
        sc_core::sc_start(10, sc_core::SC_US);
        hops = rig.sw->stats().forwarded;
    }
    bench_row row;
    row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    row.cpu_s = cpu_seconds() - cpu_start;
    row.hops = hops;
    row.sim_us = sc_core::sc_time_stamp().to_seconds() * 1e6;
    const double slots = sc_core::sc_time_stamp().value() /
                         double(rig.sw->transfer_cycles(256) * rig.sw->cycle_ps());
    row.accepted = double(rig.requests_forwarded()) / (slots * ports);
    return row;
}

// Runs `run` in a child process and reads its row back through a pipe.
bool run_isolated(unsigned ports, queueing_kind q, arbiter_kind a, uint64_t min_hops,
                  bench_row& row) {
    int fd[2];
    if (pipe(fd) != 0) return false;
    const pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        const bench_row r = run(ports, q, a, min_hops);
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
    uint64_t min_hops = 2'000'000;
    std::vector<unsigned> port_counts{8, 16, 32, 64};
    CLI::App app{"lumen-bench-switch: packet-hops per wall-clock second of one switch",
                 "lumen-bench-switch"};
    app.add_option("--hops", min_hops, "packet-hops to simulate per row (at least)")
        ->check(CLI::Range(uint64_t(1), uint64_t(1) << 40));
    // The switch's own limits (switch.ports).
    app.add_option("--ports", port_counts, "port counts")
        ->delimiter(',')
        ->check(CLI::Range(2u, 1024u));
    if (auto code = cli::parse_options(app, argc, argv)) return *code;

    sc_core::sc_report_handler::set_verbosity_level(sc_core::SC_LOW);
    fmt::print("lumen-bench-switch: uniform saturated traffic, 240 B writes + 16 B header, "
               "32 B/cycle at 1 GHz, one core\n");
    fmt::print("{:>5}  {:<23} {:>11} {:>9} {:>9} {:>8} {:>8} {:>12} {:>12} {:>10}\n", "ports",
               "switch", "packet-hops", "sim (us)", "accepted", "wall (s)", "cpu (s)",
               "hops/wall-s", "hops/cpu-s", "cpu ns/hop");
    const struct {
        queueing_kind q;
        arbiter_kind a;
        const char* name;
    } kinds[] = {{queueing_kind::VOQ, arbiter_kind::ISLIP, "voq, islip x1"},
                 {queueing_kind::INPUT_FIFO, arbiter_kind::ROUND_ROBIN, "input_fifo, round_robin"}};
    bool all_ok = true;
    for (const auto& k : kinds) {
        for (unsigned n : port_counts) {
            bench_row r;
            if (!run_isolated(n, k.q, k.a, min_hops, r)) {
                fmt::print("{:>5}  {:<23} failed\n", n, k.name);
                all_ok = false;
                continue;
            }
            fmt::print("{:>5}  {:<23} {:>11} {:>9.1f} {:>9.3f} {:>8.3f} {:>8.3f} {:>12.0f} "
                       "{:>12.0f} {:>10.0f}\n",
                       n, k.name, r.hops, r.sim_us, r.accepted, r.wall_s, r.cpu_s,
                       r.hops / r.wall_s, r.hops / r.cpu_s, 1e9 * r.cpu_s / r.hops);
            std::fflush(stdout);
        }
    }
    return all_ok ? 0 : 1;
}
