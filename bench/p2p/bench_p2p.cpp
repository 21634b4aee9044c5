// SPDX-License-Identifier: Apache-2.0
// lumen-bench-p2p: simulation speed of a saturated Micro LED link. Both GPUs
// write 256-byte requests as fast as the link takes them; the figure is link
// transactions (messages that crossed the link: requests and responses) per
// wall-clock second, on one core, with tracing off.
//
//   lumen-bench-p2p [--bytes N]
#include "models/core/cli.h"
#include "models/platform/p2p.h"

#include <fmt/format.h>

#include <chrono>

int sc_main(int argc, char* argv[]) {
    using namespace lumen;
    uint64_t bytes = 64ULL << 20;
    CLI::App app{"lumen-bench-p2p: link transactions per wall-clock second of a saturated link",
                 "lumen-bench-p2p"};
    app.add_option("--bytes", bytes, "bytes each GPU writes (default 64 MiB)")
        ->check(CLI::Range(uint64_t(256), uint64_t(1) << 40));
    if (auto code = cli::parse_options(app, argc, argv)) return *code;
    config_schema schema;
    p2p_description().declare(schema);
    config c = config::load(schema, "",
                            {"workload.op=write", "workload.injection_rate=1",
                             "workload.request_bytes=256", "workload.max_outstanding=1024",
                             "workload.bytes=" + std::to_string(bytes)});
    p2p_platform top("p2p", c, 1);
    run_results r;
    auto start = std::chrono::steady_clock::now();
    top.simulate(r);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    uint64_t messages = top.link().a_to_b().stats().messages + top.link().b_to_a().stats().messages;
    fmt::print("lumen-bench-p2p: saturated link, 256 B writes both ways, {} MiB per GPU\n",
               bytes >> 20);
    fmt::print("  {:<34} {:>14}\n", "transactions (request + response)", r.transactions.completed);
    fmt::print("  {:<34} {:>14}\n", "link transactions (messages)", messages);
    fmt::print("  {:<34} {:>14.3f}\n", "simulated time (us)", r.sim_time_ns / 1000.0);
    fmt::print("  {:<34} {:>14.3f}\n", "wall time (s)", wall);
    fmt::print("  {:<34} {:>14.0f}\n", "link transactions per second", messages / wall);
    fmt::print("  {:<34} {:>14.0f}\n", "transactions per second", r.transactions.completed / wall);
    fmt::print("  {:<34} {:>14.2f}\n", "throughput per GPU (GB/s)", r.throughput_GBps() / 2.0);
    return r.passed() ? 0 : 1;
}
