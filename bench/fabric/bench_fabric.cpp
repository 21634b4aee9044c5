// SPDX-License-Identifier: Apache-2.0
// lumen-bench-fabric: how simulation cost grows with the size of the cluster.
// Pods of 8 to --max-gpus GPUs (one switch, one plane) run saturated uniform
// writes of 256 B, the same number per GPU at every size, so a model whose
// cost is per transaction shows a flat cost per write and a flat memory per
// GPU. With --fabric a 1,024-GPU leaf-spine (32 leaves of 32 GPUs, 16
// spines, non-blocking) runs the same traffic over two switch tiers. With
// --op write (the default) a last row runs the smallest pod again with
// posted writes (write_posted: no response), the one-way messages other
// network simulators count; --op write_posted makes every row posted.
//
// What to compare from run to run: "cpu us/write" (CPU time of the whole
// run, elaboration included, per completed write; CPU time, not wall time,
// holds on a shared machine), its ratio to the 8-GPU row, and "MiB/GPU"
// (peak resident memory above the process's own start-up, per GPU). The
// "checked" column must say yes: every write completed and was proven by the
// bytes in the target's memory. Each size runs in a fresh child process
// (this program again, with the hidden --one option), since SystemC
// elaborates once per process and peak RSS only ever grows.
//
// CPU time on a shared machine moves by tens of percent from hour to hour;
// two columns do not: "wakes/write", the model wakes the calendar was asked
// for per completed write, and "steps/write", the kernel's time steps per
// write (models/core/calendar.h: the calendar runs ahead of the kernel when
// it can). A row of 8 GPUs x 1,000 writes is a few hundredths of a CPU
// second, mostly elaboration: --writes-per-gpu 20000 gives its steady cost.
// "data" is the mode the run took (--data: sim.data, auto by default).
//
// --steady adds a table of the cost of one more write once a run is going:
// each size runs again with at least 256,000 writes and with half as many,
// in one data mode (the longer run's), and the difference of their CPU
// times over the writes between them leaves out elaboration and the pools'
// first growth; three such pairs, their median (docs/scaling.md, "The
// steady state at 1,024 GPUs"). With --data compact every size holds its
// data alike; on real bytes page zeroing makes the pairs noisier.
//
//   lumen-bench-fabric [--max-gpus N] [--gpus 8,64] [--writes-per-gpu W]
//                      [--op write|read|mixed|write_posted] [--request-bytes B]
//                      [--data auto|real|compact] [--fabric] [--steady]
#include "bench/common/process_usage.h"
#include "models/core/calendar.h"
#include "models/core/cli.h"
#include "models/gpu/traffic_engine.h"
#include "models/platform/fabric_platform.h"
#include "models/platform/pod.h"
#include "models/platform/presets.h"

#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using lumen::bench::cpu_seconds;
using lumen::bench::peak_rss_mib;

using namespace lumen;

struct bench_options {
    uint64_t writes_per_gpu = 1000;
    unsigned request_bytes = 256;
    std::string op = "write";
    std::string data = "auto"; // sim.data
};

// One size's figures, as the child prints them on one line.
struct bench_row {
    unsigned long long completed = 0, checked = 0;
    double cpu_s = 0, rss_start_mib = 0, rss_peak_mib = 0;
    int passed = 0;
    unsigned long long wakes = 0, kernel_steps = 0; // the calendar's counts
    std::string data;                               // the data mode the run took
};

// The child's work: one platform of `gpus` GPUs, `kind` pod or leaf_spine.
bench_row run_one(const std::string& kind, unsigned gpus, const bench_options& o) {
    const bool pod = kind == "pod";
    const platform_description d = pod ? pod_description() : fabric_description();
    config_schema schema;
    d.declare(schema);
    apply_link_preset(schema, link_presets().front().name);
    std::vector<std::string> sets{
        "workload.kind=pattern",
        "workload.pattern=uniform",
        "workload.op=" + o.op,
        "workload.request_bytes=" + std::to_string(o.request_bytes),
        "workload.injection_rate=1",
        "workload.bytes=" + std::to_string(o.writes_per_gpu * o.request_bytes),
        "sim.data=" + o.data};
    const std::string n = std::to_string(gpus);
    if (pod) {
        sets.insert(sets.end(), {"pod.gpus=" + n, "switch.ports=" + n, "pod.planes=1"});
    } else {
        // 32 GPUs and 32 uplinks per leaf: radix 64 at both levels.
        sets.insert(sets.end(),
                    {"fabric.topology=leaf_spine", "fabric.gpus=" + n, "fabric.gpus_per_leaf=32",
                     "fabric.spines=16", "fabric.uplinks_per_spine=2", "switch.ports=64",
                     "fabric.planes=1"});
    }
    const config c = config::load(schema, "", sets);
    if (d.validate) d.validate(c);

    bench_row row;
    row.rss_start_mib = peak_rss_mib();
    run_results r;
    const double cpu_start = cpu_seconds();
    d.run(c, run_options{}, r);
    row.cpu_s = cpu_seconds() - cpu_start;
    row.rss_peak_mib = peak_rss_mib();
    row.wakes = calendar::current().wakes_asked();
    row.kernel_steps = calendar::current().kernel_steps();
    row.data = r.workload.value("data", std::string("real"));
    row.completed = r.transactions.completed;
    row.checked = r.transactions.checked;
    row.passed = r.passed() && r.transactions.checked == r.transactions.issued &&
                 r.transactions.completed == r.transactions.issued;
    return row;
}

// Runs one size in a fresh process and reads its line back through a pipe.
bool run_child(const char* self, const std::string& kind, unsigned gpus, const bench_options& o,
               bench_row& row) {
    int fd[2];
    if (pipe(fd) != 0) return false;
    const std::vector<std::string> args{self,
                                        "--one",
                                        kind + ":" + std::to_string(gpus),
                                        "--writes-per-gpu",
                                        std::to_string(o.writes_per_gpu),
                                        "--request-bytes",
                                        std::to_string(o.request_bytes),
                                        "--op",
                                        o.op,
                                        "--data",
                                        o.data};
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], STDOUT_FILENO);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv("/proc/self/exe", argv.data());
        _exit(127);
    }
    close(fd[1]);
    std::string out;
    char buf[256];
    for (ssize_t n; (n = read(fd[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    char data[16] = "";
    const bool parsed =
        std::sscanf(out.c_str(), "row %llu %llu %lf %lf %lf %d %llu %llu %15s", &row.completed,
                    &row.checked, &row.cpu_s, &row.rss_start_mib, &row.rss_peak_mib, &row.passed,
                    &row.wakes, &row.kernel_steps, data) == 9;
    row.data = data;
    return parsed && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The steady-state pair's longer run has at least this many writes, so the
// difference of the two is tenths of a CPU second even at 8 GPUs.
constexpr uint64_t steady_min_writes = 256000;

// One --steady line: three pairs of runs of a size, each the longer first
// so that the shorter takes its data mode, and the median of their
// differences (this machine's speed moves within seconds). False when a run
// fails.
bool print_steady_row(const char* self, const std::string& kind, unsigned gpus,
                      const bench_options& o, double& base_us) {
    bench_options longer = o;
    longer.writes_per_gpu = std::max(o.writes_per_gpu, (steady_min_writes + gpus - 1) / gpus);
    bench_options shorter = longer;
    shorter.writes_per_gpu = longer.writes_per_gpu / 2;
    std::vector<double> us;
    std::string data;
    for (int pair = 0; pair < 3; ++pair) {
        bench_row a, b;
        if (!run_child(self, kind, gpus, longer, a) || !a.passed) return false;
        shorter.data = data = a.data;
        if (!run_child(self, kind, gpus, shorter, b) || !b.passed || a.completed <= b.completed)
            return false;
        us.push_back(1e6 * (a.cpu_s - b.cpu_s) / double(a.completed - b.completed));
    }
    std::sort(us.begin(), us.end());
    if (base_us == 0) base_us = us[1];
    fmt::print("{:>11} {:>6} {:>8} {:>9} {:>9} {:>13.2f} {:>7.2f} {:>8.2f}-{:.2f}\n", kind, gpus,
               data, longer.writes_per_gpu, shorter.writes_per_gpu, us[1], us[1] / base_us, us[0],
               us[2]);
    std::fflush(stdout);
    return true;
}

void print_row(const std::string& label, unsigned gpus, const bench_row& r, double base_us) {
    const double n = double(std::max(1ULL, r.completed));
    const double us = 1e6 * r.cpu_s / n;
    fmt::print("{:>11} {:>6} {:>8} {:>10} {:>8.2f} {:>13.0f} {:>13.2f} {:>7.2f} {:>11.2f} "
               "{:>11.4f} {:>10.0f} {:>8.3f} {:>8}\n",
               label, gpus, r.data, r.completed, r.cpu_s, double(r.completed) / r.cpu_s, us,
               base_us > 0 ? us / base_us : 1.0, double(r.wakes) / n, double(r.kernel_steps) / n,
               r.rss_peak_mib, (r.rss_peak_mib - r.rss_start_mib) / gpus, r.passed ? "yes" : "NO");
}

} // namespace

int sc_main(int argc, char* argv[]) {
    bench_options o;
    unsigned max_gpus = 256;
    std::vector<unsigned> gpu_counts;
    bool with_fabric = false, steady = false;
    std::string one;
    CLI::App app{"lumen-bench-fabric: CPU time per write and memory per GPU, 8 to N GPUs",
                 "lumen-bench-fabric"};
    app.add_option("--max-gpus", max_gpus, "largest pod: sizes double from 8 up to it")
        ->check(CLI::Range(2u, 1024u));
    app.add_option("--gpus", gpu_counts, "pod sizes instead of 8..--max-gpus")
        ->delimiter(',')
        ->check(CLI::Range(2u, 1024u));
    app.add_option("--writes-per-gpu", o.writes_per_gpu, "requests each GPU issues")
        ->check(CLI::Range(uint64_t(1), uint64_t(1) << 30));
    app.add_option("--request-bytes", o.request_bytes, "bytes per request")
        ->check(CLI::Range(1u, 1u << 20));
    app.add_option("--op", o.op, "what each request does")
        ->check(CLI::IsMember(traffic_op_names()));
    app.add_option("--data", o.data, "sim.data of every run: how memories hold data")
        ->check(CLI::IsMember({"auto", "real", "compact"}));
    app.add_flag("--fabric", with_fabric, "add a 1,024-GPU leaf-spine row");
    app.add_flag("--steady", steady,
                 "add the cost of one more write in a running simulation, per size");
    app.add_option("--one", one, "")->group(""); // the child's side: kind:gpus
    if (auto code = cli::parse_options(app, argc, argv)) return *code;

    sc_core::sc_report_handler::set_verbosity_level(sc_core::SC_LOW);
    if (!one.empty()) {
        const auto colon = one.find(':');
        if (colon == std::string::npos) return 2;
        bench_row r;
        try {
            r = run_one(one.substr(0, colon), unsigned(std::stoul(one.substr(colon + 1))), o);
        } catch (const config_error& e) {
            fmt::print(stderr, "lumen-bench-fabric: config error: {}\n", e.what());
            return 2;
        }
        fmt::print("row {} {} {:.6f} {:.3f} {:.3f} {} {} {} {}\n", r.completed, r.checked, r.cpu_s,
                   r.rss_start_mib, r.rss_peak_mib, r.passed, r.wakes, r.kernel_steps, r.data);
        return r.passed ? 0 : 1;
    }

    if (gpu_counts.empty())
        for (unsigned n = 8; n <= max_gpus; n *= 2) gpu_counts.push_back(n);
    fmt::print("lumen-bench-fabric: saturated uniform {}s of {} B, {} per GPU, one plane, CPU "
               "time of one process per row\n",
               o.op, o.request_bytes, o.writes_per_gpu);
    fmt::print("{:>11} {:>6} {:>8} {:>10} {:>8} {:>13} {:>13} {:>7} {:>11} {:>11} {:>10} {:>8} "
               "{:>8}\n",
               "platform", "GPUs", "data", "completed", "cpu (s)", "writes/cpu-s", "cpu us/write",
               "x 8-GPU", "wakes/write", "steps/write", "peak MiB", "MiB/GPU", "checked");
    bool all_ok = true;
    double base_us = 0;
    auto row_of = [&](const std::string& kind, unsigned n) {
        bench_row r;
        if (!run_child(argv[0], kind, n, o, r)) {
            fmt::print("{:>11} {:>6} run failed\n", kind, n);
            all_ok = false;
            return;
        }
        all_ok = all_ok && r.passed;
        print_row(kind, n, r, base_us);
        if (base_us == 0) base_us = 1e6 * r.cpu_s / double(std::max(1ULL, r.completed));
        std::fflush(stdout);
    };
    for (unsigned n : gpu_counts) row_of("pod", n);
    if (with_fabric) row_of("leaf_spine", 1024);
    if (o.op == "write") {
        // The same pod, posted: completed = stored in the target's memory.
        bench_options posted = o;
        posted.op = "write_posted";
        bench_row r;
        const unsigned n = gpu_counts.front();
        if (!run_child(argv[0], "pod", n, posted, r)) {
            fmt::print("{:>11} {:>6} run failed\n", "pod posted", n);
            all_ok = false;
        } else {
            all_ok = all_ok && r.passed;
            print_row("pod posted", n, r, base_us);
        }
    }
    if (steady) {
        fmt::print("\nsteady state: CPU us per write between two run lengths (writes per GPU), "
                   "median and range of three pairs\n");
        fmt::print("{:>11} {:>6} {:>8} {:>9} {:>9} {:>13} {:>7} {:>13}\n", "platform", "GPUs",
                   "data", "longer", "shorter", "steady us", "x first", "range");
        double steady_base = 0;
        auto steady_of = [&](const std::string& kind, unsigned n) {
            if (print_steady_row(argv[0], kind, n, o, steady_base)) return;
            fmt::print("{:>11} {:>6} steady-state run failed\n", kind, n);
            all_ok = false;
        };
        for (unsigned n : gpu_counts) steady_of("pod", n);
        if (with_fabric) steady_of("leaf_spine", 1024);
    }
    return all_ok ? 0 : 1;
}
