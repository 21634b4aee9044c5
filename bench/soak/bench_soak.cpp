// SPDX-License-Identifier: Apache-2.0
// lumen-bench-soak: nothing lost, nothing corrupted, over a long run through
// a fabric whose links misbehave in every way the model knows. A leaf-spine
// of --gpus GPUs runs mixed reads and writes of real data (every read checked
// against what was written, every written slot read back at the end) with
// every lane at BER --ber, --dead-lanes-percent of each link's physical lanes
// dead from the start, --lane-deaths lane deaths on every link spread over
// the run, and one leaf-spine link killed for good halfway through. The
// GPUs' end-to-end recovery (docs/faults.md) must carry every transaction.
//
// It prints transactions, reissued copies, lost, corrupted (data that
// differs from what was written), CRC errors and replays on the links, CPU
// seconds and peak resident memory; it exits 1 unless lost and corrupted are
// zero and every transaction was checked. While it runs, a line on stderr
// per tenth of the transactions done (completed, lost, corrupted, CPU s)
// shows a long run is moving.
//
//   lumen-bench-soak [--transactions N] [--gpus G] [--ber B]
//                    [--dead-lanes-percent P] [--lane-deaths D] [--seed S]
#include "bench/common/process_usage.h"
#include "models/core/cli.h"
#include "models/platform/fabric_platform.h"
#include "models/platform/presets.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

using lumen::bench::cpu_seconds;
using lumen::bench::peak_rss_mib;

using namespace lumen;

struct soak_options {
    uint64_t transactions = 10'000'000;
    unsigned gpus = 16;
    double ber = 1e-5;
    double dead_lanes_percent = 10;
    unsigned lane_deaths = 4;
    uint64_t seed = 1;
};

std::vector<std::string> soak_settings(const soak_options& o, double run_us) {
    constexpr unsigned request_bytes = 256;
    const uint64_t per_gpu = (o.transactions + o.gpus - 1) / o.gpus;
    const unsigned physical = serdes::link_params{}.lanes + serdes::link_params{}.spare_lanes;
    const unsigned dead = unsigned(std::lround(physical * o.dead_lanes_percent / 100.0));
    // Lane deaths on every link, spread over the run; the spine link dies
    // halfway, when every GPU has requests in flight through it.
    std::string faults = "faults=[";
    for (unsigned i = 0; i < o.lane_deaths; ++i)
        faults += fmt::format("{{\"at_us\":{:.3f},\"event\":\"lane_down\",\"count\":1}},",
                              run_us * (i + 1) / (o.lane_deaths + 1));
    faults += fmt::format("{{\"at_us\":{:.3f},\"event\":\"link_down\","
                          "\"link\":\"plane0_leaf0_spine0_link0\"}}]",
                          run_us / 2);
    return {"fabric.topology=leaf_spine",
            "fabric.gpus=" + std::to_string(o.gpus),
            "fabric.gpus_per_leaf=4",
            "fabric.spines=4",
            "fabric.uplinks_per_spine=1",
            "switch.ports=8",
            "workload.kind=pattern",
            "workload.pattern=uniform",
            "workload.op=mixed",
            "workload.injection_rate=0.5",
            "workload.request_bytes=" + std::to_string(request_bytes),
            "workload.max_outstanding=64",
            "workload.region_bytes=1048576",
            "workload.bytes=" + std::to_string(per_gpu * request_bytes),
            fmt::format("link.ber={:g}", o.ber),
            "link.dead_lanes=" + std::to_string(dead),
            "sim.max_time_us=1e9",
            faults};
}

} // namespace

int sc_main(int argc, char* argv[]) {
    soak_options o;
    CLI::App app{"lumen-bench-soak: transactions through a faulty leaf-spine, none lost or "
                 "corrupted",
                 "lumen-bench-soak"};
    app.add_option("--transactions", o.transactions, "reads and writes in all (default 10^7)")
        ->check(CLI::Range(uint64_t(16), uint64_t(1) << 36));
    app.add_option("--gpus", o.gpus, "GPUs of the leaf-spine, 4 per leaf, 4 spines")
        ->check(CLI::Range(8u, 64u));
    app.add_option("--ber", o.ber, "raw bit error rate of every lane")
        ->check(CLI::Range(0.0, 1e-3));
    app.add_option("--dead-lanes-percent", o.dead_lanes_percent,
                   "physical lanes of every link dead from the start")
        ->check(CLI::Range(0.0, 20.0));
    app.add_option("--lane-deaths", o.lane_deaths, "lane deaths per link during the run")
        ->check(CLI::Range(0u, 32u));
    app.add_option("--seed", o.seed, "random seed");
    if (std::optional<int> code = lumen::cli::parse_options(app, argc, argv)) return *code;
    if (o.transactions % o.gpus != 0 || o.gpus % 4 != 0) {
        fmt::print(stderr, "lumen-bench-soak: --gpus must be a multiple of 4 and divide "
                           "--transactions\n");
        return 2;
    }
    sc_core::sc_report_handler::set_verbosity_level(sc_core::SC_LOW);

    const platform_description d = fabric_description();
    config_schema schema;
    d.declare(schema);
    apply_link_preset(schema, link_presets().front().name);
    // The run's length at the offered load places the faults: per GPU its
    // bytes over half its link's payload capacity.
    const double capacity_GBps = serdes::link_params{}.payload_capacity_GBps();
    const double run_us = double(o.transactions / o.gpus) * 256.0 / (0.5 * capacity_GBps) / 1e3;
    run_results r;
    double cpu = 0;
    try {
        const config c = config::load(schema, "", soak_settings(o, run_us));
        if (d.validate) d.validate(c);
        run_options ro;
        ro.seed = o.seed;
        ro.progress_log = true;
        fmt::print("lumen-bench-soak: leaf-spine of {} GPUs, BER {:g}, {:g} % lanes dead, {} "
                   "lane deaths per link, plane0_leaf0_spine0_link0 down at {:.1f} us, seed {}\n",
                   o.gpus, o.ber, o.dead_lanes_percent, o.lane_deaths, run_us / 2, o.seed);
        std::fflush(stdout);
        const double start = cpu_seconds();
        d.run(c, ro, r);
        cpu = cpu_seconds() - start;
    } catch (const config_error& e) {
        fmt::print(stderr, "lumen-bench-soak: config error: {}\n", e.what());
        return 2;
    }
    uint64_t crc = 0, retries = 0, retrains = 0;
    for (const auto& l : r.links) {
        crc += l.crc_errors;
        retries += l.retries;
        retrains += l.retrains;
    }
    const transaction_counts& t = r.transactions;
    const bool ok = r.passed() && t.lost == 0 && t.mismatches == 0 && t.checked == t.issued &&
                    t.issued == o.transactions;
    fmt::print("  transactions {}  completed {}  checked {}\n", t.issued, t.completed, t.checked);
    fmt::print("  reissued     {}  late responses {}  duplicate writes {}\n",
               r.recovery.value("reissued", uint64_t(0)),
               r.recovery.value("late_responses", uint64_t(0)),
               r.recovery.value("duplicate_writes", uint64_t(0)));
    fmt::print("  lost         {}\n  corrupted    {}\n", t.lost, t.mismatches);
    fmt::print("  links        CRC errors {}  replays {}  retrains {}\n", crc, retries, retrains);
    fmt::print("  simulated    {:.1f} us\n  cpu          {:.2f} s  ({:.0f} transactions/cpu-s)\n",
               r.sim_time_ns / 1e3, cpu, double(t.issued) / std::max(cpu, 1e-9));
    fmt::print("  peak RSS     {:.1f} MiB\n", peak_rss_mib());
    fmt::print("  verdict      {}\n",
               ok ? "PASS"
                  : "FAIL: " +
                        (r.failure.empty() ? std::string("data lost or corrupted") : r.failure));
    return ok ? 0 : 1;
}
