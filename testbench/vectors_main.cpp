// SPDX-License-Identifier: Apache-2.0
// lumen-vectors: golden vectors from the reference codecs, for checking any
// RTL in any simulator. The file format is in testbench/vector_file.h; a bad
// line stops the run with its line number, exit 2. --format readmemh |
// readmemb writes words that Verilog's $readmemh / $readmemb loads.
#include "models/core/cli.h"
#include "testbench/vector_file.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

using lumen::serdes::codec_64b66b;
using lumen::vectors::out_format;
using lumen::vectors::vector_encoder;

int main(int argc, char* argv[]) {
    std::string enc_name;
    std::string in_path;
    std::string out_path;
    std::string seed_hex;
    std::string format_name = "text";
    CLI::App app{"lumen-vectors: golden line-code vectors from the reference codecs",
                 "lumen-vectors"};
    app.add_option("--encoding", enc_name, "line code")
        ->required()
        ->check(CLI::IsMember({"8b10b", "64b66b"}));
    app.add_option("--in", in_path, "input words, one per line")->required();
    app.add_option("--out", out_path, "output symbols, one per line")->required();
    app.add_option("--scrambler-seed", seed_hex,
                   "64b66b: the 58 bits sent before the first block, hex, first in bit 0");
    app.add_option("--format", format_name,
                   "text (bits in transmission order), or one word per line for Verilog's "
                   "$readmemh / $readmemb in the RTL's port layout (docs/vectors.md)")
        ->check(CLI::IsMember({"text", "readmemh", "readmemb"}))
        ->capture_default_str();
    if (std::optional<int> code = lumen::cli::parse_options(app, argc, argv)) return *code;

    uint64_t seed = codec_64b66b::scrambler_all_ones;
    if (!seed_hex.empty()) {
        if (enc_name != "64b66b") {
            std::fprintf(stderr, "lumen-vectors: --scrambler-seed is for --encoding 64b66b\n");
            return 2;
        }
        std::optional<uint64_t> parsed = lumen::vectors::parse_scrambler_seed(seed_hex);
        if (!parsed) {
            std::fprintf(stderr,
                         "lumen-vectors: --scrambler-seed %s: expected at most 58 bits in hex\n",
                         seed_hex.c_str());
            return 2;
        }
        seed = *parsed;
    }

    std::ifstream in(in_path);
    if (!in) {
        std::fprintf(stderr, "lumen-vectors: cannot read %s\n", in_path.c_str());
        return 2;
    }
    // Appending writes nothing yet: it only asks whether the file can be written.
    if (!std::ofstream(out_path, std::ios::app)) {
        std::fprintf(stderr, "lumen-vectors: cannot write %s\n", out_path.c_str());
        return 2;
    }
    const out_format format = format_name == "readmemh"   ? out_format::READMEMH
                              : format_name == "readmemb" ? out_format::READMEMB
                                                          : out_format::TEXT;
    vector_encoder encoder(enc_name == "8b10b" ? vector_encoder::line_code::E8B10B
                                               : vector_encoder::line_code::E64B66B,
                           seed, format);
    std::string out_text;
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        try {
            if (std::optional<std::string> symbols = encoder.encode(line))
                out_text += *symbols + '\n';
        } catch (const lumen::vectors::bad_line& e) {
            std::fprintf(stderr, "lumen-vectors: %s:%u: %s\n", in_path.c_str(), number, e.what());
            return 2;
        }
    }
    std::ofstream out(out_path);
    out << out_text;
    if (!out) {
        std::fprintf(stderr, "lumen-vectors: cannot write %s\n", out_path.c_str());
        return 1;
    }
    return 0;
}
