// SPDX-License-Identifier: Apache-2.0
// Builds and runs a pod from the embedded default plus overrides, as
// lumen-pod would, for one test case (one elaboration per process).
#pragma once

#include "models/platform/pod.h"

#include <string>
#include <vector>

namespace lumen::test {

inline config pod_config(const std::vector<std::string>& sets) {
    config_schema schema;
    pod_description().declare(schema);
    config c = config::load(schema, "", sets);
    pod_description().validate(c);
    return c;
}

} // namespace lumen::test
