// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the fault list, `--set faults=INPUT` then faults_from(), with
// the link keys set as the lines after a "%%" line say (key.path=value, as
// after --set), since a fault's lane and count are checked against them.
//
// Any input may be refused, but only with config_error; any other
// exception, a crash or a sanitizer report is a bug.
#include "models/core/config.h"
#include "models/platform/link_config.h"

#include "fuzz/fuzz_input.h"

#include <stdexcept>

namespace {

lumen::config_schema make_schema() {
    lumen::config_schema s;
    lumen::declare_link_keys(s);
    lumen::declare_fault_keys(s);
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static const lumen::config_schema schema = make_schema();
    const auto input = lumen::fuzz::split_at_marker(lumen::fuzz::text_of(data, size));
    std::vector<std::string> sets = input.tail_lines;
    sets.push_back("faults=" + input.head);
    try {
        const lumen::config c = lumen::config::load_text(schema, "{}", "fuzz", sets);
        const auto faults = lumen::faults_from(c);
        // Whatever passed is a fault the link can apply.
        const unsigned physical = unsigned(c.integer("link.lanes") + c.integer("link.spare_lanes"));
        for (const auto& f : faults)
            if (f.fault.lane >= int(physical) || f.fault.count < 1 || f.fault.count > physical)
                throw std::logic_error("faults_from passed a lane or count the link lacks");
    } catch (const lumen::config_error&) {
    }
    return 0;
}
