// SPDX-License-Identifier: Apache-2.0
// 8b/10b lane encoder (IEEE 802.3 Clause 36) for Lanes lanes that move in
// lockstep: one valid/ready handshake carries a byte and K flag per lane in,
// and a 10-bit symbol per lane out. Each lane keeps its running disparity,
// negative after reset.
//
// Latency: one cycle. A beat accepted at a rising edge is on symbol_o, with
// valid_o high, from that edge on (models/serdes/lane_encoder_timing.h). The
// output register refills in the cycle it drains, so a ready sink gets one
// symbol per lane per cycle.
//
// A K flag on a byte that is not one of the twelve control characters sends
// /V/ (K30.7, the Clause 36 error propagation code) and raises kerr_o with it.

`default_nettype none

module lane_encoder_8b10b #(
  parameter int unsigned Lanes = 1
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,

  input  wire logic             valid_i,
  output logic                  ready_o,
  input  wire logic [7:0]       data_i [Lanes],
  input  wire logic [Lanes-1:0] k_i,

  output logic                  valid_o,
  input  wire logic             ready_i,
  output logic [9:0]            symbol_o [Lanes],
  output logic [Lanes-1:0]      kerr_o,
  // Running disparity after the symbol on symbol_o (1: positive).
  output logic [Lanes-1:0]      rd_o
);

  import lane_codec_8b10b_pkg::*;

  // Per-lane flag ports are Lanes bits wide: at most 64, like every port.
  initial begin
    if (Lanes < 1 || Lanes > 64) $fatal(1, "Lanes must be 1..64, got %0d", Lanes);
  end

  logic                 valid_q;
  logic [9:0]           symbol_q [Lanes];
  logic [9:0]           symbol_d [Lanes];
  logic [Lanes-1:0]     rd_q, rd_d;
  logic [Lanes-1:0]     kerr_q, kerr_d;
  logic                 accept;

  assign ready_o = ~valid_q | ready_i;
  assign accept  = valid_i & ready_o;

  // Tables 36-1 and 36-2 as one ROM, indexed {running disparity, K, byte}.
  localparam logic [1023:0][11:0] Rom = encoder_rom();

  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    logic [11:0] entry;
    assign entry       = Rom[{rd_q[l], k_i[l], data_i[l]}];
    assign kerr_d[l]   = entry[11];
    assign rd_d[l]     = entry[10];
    assign symbol_d[l] = entry[9:0];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q  <= 1'b0;
      rd_q     <= '0;
      kerr_q   <= '0;
      symbol_q <= '{default: '0};
    end else begin
      if (ready_o) valid_q <= valid_i;
      if (accept) begin
        rd_q     <= rd_d;
        kerr_q   <= kerr_d;
        symbol_q <= symbol_d;
      end
    end
  end

  assign valid_o  = valid_q;
  assign symbol_o = symbol_q;
  assign kerr_o   = kerr_q;
  assign rd_o     = rd_q;

endmodule

`default_nettype wire
