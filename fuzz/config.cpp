// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the config loader, a JSON file and --set overrides, against
// the real link and fault keys plus one key of each kind they lack, then the
// checks between keys. Input: the file's text; after a line "%%", one
// key.path=value override per line (what follows --set).
//
// Any input may be refused, but only with config_error (exit 2 in the
// tools); any other exception, a crash or a sanitizer report is a bug.
#include "models/core/config.h"
#include "models/platform/link_config.h"

#include "fuzz/fuzz_input.h"

namespace {

lumen::config_schema make_schema() {
    lumen::config_schema s;
    lumen::declare_link_keys(s);
    lumen::declare_fault_keys(s);
    // Kinds the link keys do not use, so that the loader's every branch runs.
    s.add_boolean("fuzz.flag", false, "a boolean");
    s.add_integer_list("fuzz.ports", 0, 63, "ports", "an integer list");
    s.add_string("fuzz.file", "", "a string");
    s.add_object("fuzz.tiers", "an object of named entries");
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static const lumen::config_schema schema = make_schema();
    const auto input = lumen::fuzz::split_at_marker(lumen::fuzz::text_of(data, size));
    try {
        const lumen::config c =
            lumen::config::load_text(schema, input.head, "fuzz.json", input.tail_lines);
        lumen::check_link(c);
        // What a platform reads after the load, and what --print-config writes.
        (void)c.boolean("fuzz.flag");
        (void)c.integer_list("fuzz.ports");
        (void)c.string("fuzz.file");
        (void)c.resolved().dump();
    } catch (const lumen::config_error&) {
    }
    return 0;
}
