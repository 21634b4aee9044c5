// SPDX-License-Identifier: Apache-2.0
#include "models/serdes/link_params.h"

#include <cmath>

namespace lumen::serdes {

double link_params::effective_ber() const {
    if (fec == fec_kind::NONE || ber <= 0.0) return ber;
    // RS(544,514), 10-bit symbols, t = 15: a codeword fails when more than 15
    // of its 544 symbols are wrong (binomial, symbol errors independent). A
    // failed codeword is flagged by the decoder and counted here as one bit
    // error in its 5440 bits, which the flit CRC then catches.
    const int n = 544, t = 15;
    double ps = -std::expm1(10.0 * std::log1p(-ber));
    if (ps >= 1.0) return 0.5;
    double fail = 0.0;
    for (int k = t + 1; k <= n; ++k) {
        double log_term = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                          k * std::log(ps) + (n - k) * std::log1p(-ps);
        double term = std::exp(log_term);
        fail += term;
        if (k > n * ps && term < fail * 1e-16) break; // past the mode, the tail is negligible
    }
    return std::min(0.5, fail / (n * 10.0));
}

unsigned link_params::round_trip_flits() const {
    return unsigned(std::ceil(credit_round_trip_ps(max_flits_per_message) / flit_ps()));
}

} // namespace lumen::serdes
