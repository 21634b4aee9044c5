// SPDX-License-Identifier: Apache-2.0
// 64b/66b definitions of IEEE 802.3 Clause 49 shared by lane_encoder_64b66b
// and lane_decoder_64b66b.
//
// Bit order: bit 0 is sent first, header before payload, so the data header
// "01" on the wire is 2'b10 and the control header "10" is 2'b01.

`default_nettype none

package lane_codec_64b66b_pkg;

  localparam logic [1:0] SyncData    = 2'b10;
  localparam logic [1:0] SyncControl = 2'b01;

  // The fifteen block type fields of Figure 49-7, one bit per type value.
  localparam logic [255:0] BlockTypes =
      (256'b1 << 8'h1E) | (256'b1 << 8'h2D) | (256'b1 << 8'h33) | (256'b1 << 8'h66) |
      (256'b1 << 8'h55) | (256'b1 << 8'h78) | (256'b1 << 8'h4B) | (256'b1 << 8'h87) |
      (256'b1 << 8'h99) | (256'b1 << 8'hAA) | (256'b1 << 8'hB4) | (256'b1 << 8'hCC) |
      (256'b1 << 8'hD2) | (256'b1 << 8'hE1) | (256'b1 << 8'hFF);

  function automatic logic valid_block_type(input logic [7:0] t);
    return BlockTypes[t];
  endfunction

endpackage

`default_nettype wire
