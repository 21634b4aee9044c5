// SPDX-License-Identifier: Apache-2.0
// Replays a fuzz target's seed corpus (fuzz/corpus/NAME) and the inputs that
// once made it fail (fuzz/regressions/NAME) through the same target code that
// libFuzzer runs. A target throws anything but its parser's own error only on
// a bug, and the sanitizer build turns memory and undefined-behaviour errors
// into failures here too.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_in(const fs::path& dir) {
    std::vector<fs::path> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

void replay(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
    INFO("input " << file.string());
    CHECK_NOTHROW(
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

} // namespace

TEST_CASE("fuzz target " LUMEN_FUZZ_NAME ": every seed and every past failure is handled") {
    const fs::path dir(LUMEN_FUZZ_DIR);
    const auto seeds = inputs_in(dir / "corpus" / LUMEN_FUZZ_NAME);
    REQUIRE(seeds.size() >= 3); // a target without seeds starts blind
    for (const auto& file : seeds) replay(file);
    for (const auto& file : inputs_in(dir / "regressions" / LUMEN_FUZZ_NAME)) replay(file);
}
