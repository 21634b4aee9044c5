// SPDX-License-Identifier: Apache-2.0
// A posted write (PCIe's and NVLink's): a write that asks for no response.
// The target's memory stores it and sends nothing back; what the source
// learns of its landing is bookkeeping of the simulation, not traffic on the
// wire: the memory port hands the landed payload to the request's sink (the
// initiator that issued it), which counts it completed and measures its
// latency from issue to its bytes stored in the target's memory. Nothing on the way
// keeps state for a response that will not come (route-back records,
// response routing). The extension stays on a pooled payload for its life;
// a payload whose sink is null is an ordinary request.
#pragma once

#include <tlm>

namespace lumen {

class posted_sink {
public:
    // `gp` landed in (or, with an error status, was refused by) the target
    // memory; the sink owns the reference the issuer holds.
    virtual void landed(tlm::tlm_generic_payload& gp) = 0;

protected:
    ~posted_sink() = default;
};

struct posted_extension : tlm::tlm_extension<posted_extension> {
    posted_sink* sink = nullptr;
    unsigned switches = 0; // crossed on the way, as a response's route-back would count

    tlm::tlm_extension_base* clone() const override { return new posted_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const posted_extension&>(other);
    }
};

// The posted-write record of `gp`, or null for a request that wants a response.
inline posted_extension* posted(const tlm::tlm_generic_payload& gp) {
    posted_extension* e = gp.get_extension<posted_extension>();
    return e && e->sink ? e : nullptr;
}

} // namespace lumen
