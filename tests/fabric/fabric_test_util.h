// SPDX-License-Identifier: Apache-2.0
// Helpers the fabric tests share: the message of a config_error, and the
// port counts of a topology derived straight from its links (not from any
// accessor under test).
#pragma once

#include "models/core/config.h"
#include "models/fabric/topology.h"

#include <functional>
#include <string>
#include <vector>

namespace lumen::fabric::test {

// The config_error message `f` throws; "" when it throws none.
inline std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

// Links at each node, counted from the link list.
inline std::vector<unsigned> ports_used(const topology& t) {
    std::vector<unsigned> used(t.nodes.size(), 0);
    for (const auto& l : t.links) {
        ++used[l.a.node];
        ++used[l.b.node];
    }
    return used;
}

inline unsigned switches(const topology& t) {
    return unsigned(t.nodes.size()) - t.gpus();
}

} // namespace lumen::fabric::test
