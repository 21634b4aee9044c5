// SPDX-License-Identifier: Apache-2.0
// The alpha-beta cost of the all-reduce programs (collective_program.h): the
// time a step takes is alpha (its fixed latency) plus beta per byte each
// rank moves in it, and a ring's steps follow one another. The ring
// all-reduce is a reduce-scatter and an all-gather of n - 1 steps each, every
// step moving bytes/n per rank (Thakur, Rabenseifner and Gropp, "Optimization
// of collective communication operations in MPICH", IJHPCA 2005; Patarasuk
// and Yuan, "Bandwidth optimal all-reduce algorithms for clusters of
// workstations", JPDC 2009). The hierarchical form runs the same rings at two
// levels, each with its own alpha and beta: inside a leaf switch, and across
// leaves on 1/L of the buffer. A reduce-scatter step also reduces the chunk
// it received into the local one before the next step sends it: gamma per
// byte through the memory port, 3 x chunk bytes (read the local chunk, read
// the received one, write the sum); an all-gather step works in place and
// adds nothing. Plain formulas, for the platform tests to hold the simulated
// times against.
#pragma once

namespace lumen {

// 2(n-1) steps of bytes/n, the first n-1 with a reduction:
// 2(n-1) alpha + 2(n-1)/n bytes beta + 3(n-1)/n bytes gamma.
inline double ring_allreduce_ps(unsigned n, double bytes, double alpha_ps, double beta_ps_per_byte,
                                double gamma_ps_per_byte) {
    return 2.0 * (n - 1) * (alpha_ps + bytes / n * beta_ps_per_byte) +
           3.0 * (n - 1) * bytes / n * gamma_ps_per_byte;
}

// Alpha and beta of one ring step at each level of the hierarchy.
struct two_level_alpha_beta {
    double alpha_in_ps, beta_in_ps_per_byte;   // a ring inside a group
    double alpha_out_ps, beta_out_ps_per_byte; // a ring across groups
    double gamma_ps_per_byte;                  // the memory port, for reductions
};

// Groups of L GPUs, G groups: reduce-scatter inside, (L-1) steps of bytes/L,
// each with its reduction; all-reduce across of each GPU's bytes/L, 2(G-1)
// steps of bytes/(L G), the first G-1 with a reduction; all-gather inside,
// (L-1) steps of bytes/L. The L rings across run at once, so the middle
// phase counts once.
inline double hierarchical_allreduce_ps(unsigned L, unsigned G, double bytes,
                                        const two_level_alpha_beta& ab) {
    const double inside = (L - 1.0) * (ab.alpha_in_ps + bytes / L * ab.beta_in_ps_per_byte);
    const double across =
        2.0 * (G - 1) * (ab.alpha_out_ps + bytes / (double(L) * G) * ab.beta_out_ps_per_byte);
    const double reductions =
        3.0 * ((L - 1.0) * bytes / L + (G - 1.0) * bytes / (double(L) * G)) * ab.gamma_ps_per_byte;
    return inside + across + inside + reductions;
}

// Bytes each GPU sends, the beta terms' volume: 2(n-1)/n bytes for the ring;
// 2(L-1)/L bytes inside plus 2(G-1)/(L G) bytes across for the hierarchy.
inline double ring_allreduce_bytes_sent(unsigned n, double bytes) {
    return 2.0 * (n - 1) / n * bytes;
}
inline double hierarchical_bytes_sent_inside(unsigned L, double bytes) {
    return 2.0 * (L - 1) / L * bytes;
}
inline double hierarchical_bytes_sent_across(unsigned L, unsigned G, double bytes) {
    return 2.0 * (G - 1) / (double(L) * G) * bytes;
}

} // namespace lumen
