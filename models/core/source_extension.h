// SPDX-License-Identifier: Apache-2.0
// The GPU a request comes from, as a fabric's switches see it in the packet
// header: ECMP hashes it with the destination to keep a flow on one path.
// Set by the GPU on each request it sends; it stays on a pooled payload for
// the payload's life, so a request costs no allocation.
#pragma once

#include <tlm>

namespace lumen {

struct source_extension : tlm::tlm_extension<source_extension> {
    unsigned gpu = 0;

    tlm::tlm_extension_base* clone() const override { return new source_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        gpu = static_cast<const source_extension&>(other).gpu;
    }
};

// Marks `gp` as coming from `gpu`.
inline void set_source(tlm::tlm_generic_payload& gp, unsigned gpu) {
    source_extension* e = gp.get_extension<source_extension>();
    if (!e) {
        e = new source_extension;
        gp.set_extension(e);
    }
    e->gpu = gpu;
}

} // namespace lumen
