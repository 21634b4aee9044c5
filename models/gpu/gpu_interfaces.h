// SPDX-License-Identifier: Apache-2.0
// The signals a GPU exchanges with the rest of the system besides its data
// path, as SystemC interfaces: its completion interrupt toward the host, the
// flags a collective raises in a peer GPU (the flag word a communication
// library writes after the data), and the link states its plane splitter
// consults (what a GPU's fabric manager knows of its paths).
#pragma once

#include <systemc>

#include <cstdint>

namespace lumen {

// The interrupt controller of the host: one completion line per GPU.
class interrupt_if : public virtual sc_core::sc_interface {
public:
    // GPU `gpu` raised its completion interrupt (a level, held while DONE).
    virtual void interrupt(unsigned gpu) = 0;
};

// Fabric-wide delivery of a collective's flags.
class flag_if : public virtual sc_core::sc_interface {
public:
    // `source`'s send with `tag` into `destination`'s memory has completed.
    virtual void raise(unsigned destination, unsigned source, uint32_t tag) = 0;
};

// The state of the fabric's paths, as the links report it.
class path_status_if : public virtual sc_core::sc_interface {
public:
    // Whether GPU `gpu`'s plane `plane` can carry a request to GPU
    // `destination` now: its links up at both ends.
    virtual bool can_carry(unsigned gpu, unsigned plane, unsigned destination) const = 0;
};

} // namespace lumen
