// SPDX-License-Identifier: Apache-2.0
// The switch's record of the way back, carried on a request: shared by the
// parts of packet_switch (its sockets push an entry, its input buffers pop
// it when the response arrives). Not for use outside models/switch.
#pragma once

#include "models/switch/packet_switch.h"

#include <tlm>

namespace lumen {

// The way back of a request through every switch it crossed, innermost
// last: a response retraces its path in reverse, so each switch finds its
// own entry on top. It stays on a pooled payload for the payload's life, so a
// hop costs no allocation.
// The counts come first: next to the first hops, a path of a switch or two
// reads one cache line of the record per hop, not one at each end.
struct route_back_extension : tlm::tlm_extension<route_back_extension> {
    static constexpr unsigned MAX_HOPS = 8;
    struct hop {
        const packet_switch* sw;
        unsigned port;
    };
    unsigned count = 0;
    unsigned crossed = 0; // switches on the way out, kept while the response returns
    hop hops[MAX_HOPS];

    tlm::tlm_extension_base* clone() const override { return new route_back_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const route_back_extension&>(other);
    }
};

} // namespace lumen
