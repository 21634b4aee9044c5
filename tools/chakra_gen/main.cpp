// SPDX-License-Identifier: Apache-2.0
// lumen-chakra-gen: writes the project's small Chakra execution traces, one
// file per rank (PREFIX.<rank>.et, or .et.gz), for workload.kind = chakra:
// a ring all-reduce, a send/recv chain, or compute overlapping an
// all-reduce (docs/chakra.md).
#include "models/core/cli.h"
#include "models/workload/chakra/trace_writer.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <optional>

int main(int argc, char* argv[]) {
    CLI::App app{"Writes Chakra execution traces, one per rank, for workload.kind = chakra",
                 "lumen-chakra-gen"};
    std::string pattern = "allreduce", prefix, integers = "int64";
    unsigned ranks = 8;
    uint64_t bytes = 1 << 20, first_us = 10, overlap_us = 20, last_us = 10;
    bool gzip = false;
    app.add_option("--pattern", pattern,
                   "allreduce: one ALL_REDUCE per rank; sendrecv: rank 0 to 1 to ... to N-1; "
                   "overlap: compute, then an all-reduce beside more compute, then compute")
        ->check(CLI::IsMember({"allreduce", "sendrecv", "overlap"}));
    app.add_option("--ranks", ranks, "ranks (one file each; the platform's GPUs)")
        ->check(CLI::Range(1u, 65536u));
    app.add_option("--bytes", bytes, "comm_size of the collective or each message, B")
        ->check(CLI::Range(uint64_t(0), uint64_t(1) << 40));
    app.add_option("--first-us", first_us, "overlap: the first compute, us");
    app.add_option("--overlap-us", overlap_us, "overlap: compute beside the all-reduce, us");
    app.add_option("--last-us", last_us, "overlap: compute after both, us");
    app.add_option("--int-type", integers, "integer type of the attributes")
        ->check(CLI::IsMember({"int32", "int64", "uint64"}));
    app.add_flag("--gzip", gzip, "write PREFIX.<rank>.et.gz");
    app.add_option("--out", prefix, "PREFIX of the files")->required();
    if (std::optional<int> code = lumen::cli::parse_options(app, argc, argv)) return *code;

    using namespace lumen::chakra;
    std::vector<trace_spec> job = pattern == "allreduce" ? ring_allreduce_job(ranks, bytes)
                                  : pattern == "sendrecv"
                                      ? sendrecv_chain_job(ranks, bytes)
                                      : overlap_job(ranks, bytes, first_us, overlap_us, last_us);
    for (auto& t : job) {
        t.gzip = gzip;
        t.integers = integers == "int32"   ? int_type::INT32
                     : integers == "int64" ? int_type::INT64
                                           : int_type::UINT64;
    }
    try {
        const auto files = write_job(prefix, job);
        fmt::print("lumen-chakra-gen: {} ({} ranks) in {} .. {}\n", pattern, ranks, files.front(),
                   files.back());
    } catch (const trace_error& e) {
        fmt::print(stderr, "lumen-chakra-gen: error: {}\n", e.what());
        return 2;
    }
    return 0;
}
