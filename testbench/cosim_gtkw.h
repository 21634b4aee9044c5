// SPDX-License-Identifier: Apache-2.0
// GTKWave save files for lumen-cosim --vcd: one for the RTL's dump
// (<stem>.gtkw) and one for the testbench's (<stem>_tb.gtkw), every lane in
// its own group; in the testbench's, the reference's expected symbol sits
// beside the RTL's. They open on the first cycles of the stream, or around
// the first mismatch with GTKWave's marker on it. The signal names come from
// the dumps themselves, so that every lane count gets its own file.
#pragma once

#include "testbench/cosim_run.h"

#include <string>

namespace lumen::cosim {

// <stem>.gtkw for the RTL's VCD <stem>.vcd.
std::string gtkw_path(const std::string& vcd);

// Writes both save files after a run with options().vcd set; false when one
// cannot be written.
bool write_cosim_gtkw(const cosim_result& r);

} // namespace lumen::cosim
