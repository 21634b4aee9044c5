// SPDX-License-Identifier: Apache-2.0
// The pluggable optical end's failure rate from Llama 3's field count, for
// the TCO tests: 35 switch or cable interruptions in 54 days on 16,384 GPUs,
// 3 tiers of a link per GPU, two ends per link; split 800:300 between the
// 8 lasers of an end and the rest of it (DSP, driver).
#pragma once

namespace lumen::tco::test {

inline const double pluggable_fit = 35.0 / (54 * 24) / (16384.0 * 3 * 2) * 1e9; // 274.7
inline const double laser_fit = pluggable_fit * (800.0 / 1100) / 8; // lasers' share, per lane
inline const double dsp_fit = pluggable_fit * (300.0 / 1100);       // the rest of the end

} // namespace lumen::tco::test
