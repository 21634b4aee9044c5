// SPDX-License-Identifier: Apache-2.0
// The packet header fields a request carries end to end, as a payload
// extension: the GPU it comes from (a fabric's switches hash it with the
// destination to keep a flow on one path), its sequence number toward its
// destination (the target executes a write once, whatever copies arrive),
// and the source's own bookkeeping for reissues (models/gpu/plane_splitter.h).
// Set by the GPU on each request it sends; it stays on a pooled payload for
// the payload's life, so a request costs no allocation.
#pragma once

#include <tlm>

#include <cstdint>

namespace lumen {

struct source_extension : tlm::tlm_extension<source_extension> {
    unsigned gpu = 0;
    // Per (source, destination), from 0: the target's duplicate filter.
    uint64_t seq = 0;
    // The source's request number (any destination), which finds its
    // record when a response comes back.
    uint64_t tag = 0;
    // 0 for the first copy, n for the n-th reissue: ECMP hashes it too, so a
    // reissue may take another of the equal-cost paths.
    unsigned attempt = 0;
    // Set by the source on a request it gave up (no path answered): the
    // initiator counts it lost, not completed.
    bool lost = false;

    tlm::tlm_extension_base* clone() const override { return new source_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const source_extension&>(other);
    }
};

// Marks `gp` as coming from `gpu`, returns its extension to fill in.
inline source_extension& set_source(tlm::tlm_generic_payload& gp, unsigned gpu) {
    source_extension* e = gp.get_extension<source_extension>();
    if (!e) {
        e = new source_extension;
        gp.set_extension(e);
    }
    e->gpu = gpu;
    e->attempt = 0;
    e->lost = false;
    return *e;
}

// Whether the source gave `gp` up (see source_extension::lost).
inline bool given_up(const tlm::tlm_generic_payload& gp) {
    const source_extension* e = gp.get_extension<source_extension>();
    return e && e->lost;
}

} // namespace lumen
