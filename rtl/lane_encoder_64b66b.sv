// SPDX-License-Identifier: Apache-2.0
// 64b/66b lane encoder (IEEE 802.3 Clause 49) for Lanes lanes in lockstep:
// a 64-bit block and a control flag per lane in; per lane the scrambled
// payload and the 2-bit sync header out (a 66-bit block as data[63:0] plus
// header[1:0]). Each lane scrambles with its own x^58 + x^39 + 1
// self-synchronizing scrambler (Figure 49-8), all ones after reset.
//
// Bit order: bit 0 is sent first, header before payload; payload byte 0 is
// the first byte on the wire (the block type field of a control block).
// Data header "01" on the wire is 2'b10, control "10" is 2'b01.
//
// Latency: one cycle, one block per lane per cycle, as the 8b/10b encoder
// (models/serdes/lane_encoder_timing.h). A control block whose block type
// field is not one of the fifteen of Figure 49-7 is replaced by the error
// block (type 0x1E, eight /E/) and raises err_o with it.

`default_nettype none

module lane_encoder_64b66b #(
  parameter int unsigned Lanes = 1
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,

  input  wire logic             valid_i,
  output logic                  ready_o,
  input  wire logic [63:0]      data_i [Lanes],
  input  wire logic [Lanes-1:0] ctrl_i,

  output logic                  valid_o,
  input  wire logic             ready_i,
  output logic [63:0]           data_o [Lanes],
  output logic [1:0]            header_o [Lanes],
  output logic [Lanes-1:0]      err_o
);

  import lane_codec_64b66b_pkg::*;

  // Figure 49-7 block type 0x1E with the /E/ control code (7'h1E) eight times.
  localparam logic [63:0] ErrorBlock = {{8{7'h1E}}, 8'h1E};

  // Per-lane flag ports are Lanes bits wide: at most 64, like every port.
  initial begin
    if (Lanes < 1 || Lanes > 64) $fatal(1, "Lanes must be 1..64, got %0d", Lanes);
  end

  logic                 valid_q;
  logic [63:0]          data_q [Lanes];
  logic [63:0]          data_d [Lanes];
  logic [1:0]           header_q [Lanes];
  logic [1:0]           header_d [Lanes];
  // Scrambler state: the last 58 bits sent, the most recent in bit 57.
  logic [57:0]          scr_q [Lanes];
  logic [57:0]          scr_d [Lanes];
  logic [Lanes-1:0]     err_q, err_d;
  logic                 accept;

  assign ready_o = ~valid_q | ready_i;
  assign accept  = valid_i & ready_o;

  // Figure 49-8, s_i = d_i ^ s_(i-39) ^ s_(i-58), for all 64 bits at once.
  // Bits 0..38 reach back only into the state; bits 39..63 also reach bits
  // 0..24 of this block, which the first step has settled, so two steps do.
  always_comb begin
    for (int unsigned l = 0; l < Lanes; l++) begin
      logic [63:0] plain;
      logic [63:0] hist;
      logic [63:0] t;
      err_d[l]    = ctrl_i[l] & ~valid_block_type(data_i[l][7:0]);
      plain       = err_d[l] ? ErrorBlock : data_i[l];
      header_d[l] = ctrl_i[l] ? SyncControl : SyncData;
      hist        = {6'b0, scr_q[l]};
      t           = plain ^ (hist >> 19) ^ hist;
      data_d[l]   = t ^ (t << 39) ^ (t << 58);
      scr_d[l]    = data_d[l][63:6];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q  <= 1'b0;
      data_q   <= '{default: '0};
      header_q <= '{default: '0};
      scr_q    <= '{default: '1};
      err_q    <= '0;
    end else begin
      if (ready_o) valid_q <= valid_i;
      if (accept) begin
        data_q   <= data_d;
        header_q <= header_d;
        scr_q    <= scr_d;
        err_q    <= err_d;
      end
    end
  end

  assign valid_o     = valid_q;
  assign data_o      = data_q;
  assign header_o    = header_q;
  assign err_o       = err_q;

endmodule

`default_nettype wire
