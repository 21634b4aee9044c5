// SPDX-License-Identifier: Apache-2.0
// The lane-codec RTL, packages first (each module imports its package).
// From the repository root:
//   verilator --lint-only -Wall -Wno-MULTITOP -F rtl/files.f
// (-F: the names below are relative to this file; the four codec modules
// are each a top, hence -Wno-MULTITOP).
lane_codec_8b10b_pkg.sv
lane_codec_64b66b_pkg.sv
lane_encoder_8b10b.sv
lane_decoder_8b10b.sv
lane_encoder_64b66b.sv
lane_decoder_64b66b.sv
