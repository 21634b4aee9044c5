// SPDX-License-Identifier: Apache-2.0
// 64b/66b lane decoder (IEEE 802.3 Clause 49) for Lanes lanes in lockstep:
// scrambled payload and sync header per lane in, the descrambled block and
// its control flag out, with a header error (00 or 11) and a block type error
// (a control block whose type field is not in Figure 49-7) flagged per lane.
// The descrambler (Figure 49-10) holds the last 58 received bits, all ones
// after reset; being self-synchronizing, it is right 58 bits after any start.
// One register stage, like the encoder.

`default_nettype none

module lane_decoder_64b66b #(
  parameter int unsigned Lanes = 1
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,

  input  wire logic             valid_i,
  output logic                  ready_o,
  input  wire logic [63:0]      data_i [Lanes],
  input  wire logic [1:0]       header_i [Lanes],

  output logic                  valid_o,
  input  wire logic             ready_i,
  output logic [63:0]           data_o [Lanes],
  output logic [Lanes-1:0]      ctrl_o,
  output logic [Lanes-1:0]      header_err_o,
  output logic [Lanes-1:0]      type_err_o
);

  import lane_codec_64b66b_pkg::*;

  // Per-lane flag ports are Lanes bits wide: at most 64, like every port.
  initial begin
    if (Lanes < 1 || Lanes > 64) $fatal(1, "Lanes must be 1..64, got %0d", Lanes);
  end

  logic                 valid_q;
  logic [63:0]          data_q [Lanes];
  logic [63:0]          data_d [Lanes];
  logic [57:0]          scr_q [Lanes];
  logic [57:0]          scr_d [Lanes];
  logic [Lanes-1:0]     ctrl_q, ctrl_d;
  logic [Lanes-1:0]     header_err_q, header_err_d;
  logic [Lanes-1:0]     type_err_q, type_err_d;
  logic                 accept;

  assign ready_o = ~valid_q | ready_i;
  assign accept  = valid_i & ready_o;

  // Figure 49-10, d_i = s_i ^ s_(i-39) ^ s_(i-58): every term is a received
  // bit, from this block or the state, so one step does all 64.
  always_comb begin
    for (int unsigned l = 0; l < Lanes; l++) begin
      logic [63:0] hist;
      hist            = {6'b0, scr_q[l]};
      data_d[l]       = data_i[l] ^ (hist >> 19) ^ hist ^ (data_i[l] << 39) ^ (data_i[l] << 58);
      scr_d[l]        = data_i[l][63:6];
      header_err_d[l] = header_i[l] != SyncData && header_i[l] != SyncControl;
      ctrl_d[l]       = header_i[l] == SyncControl;
      type_err_d[l]   = ctrl_d[l] & ~valid_block_type(data_d[l][7:0]);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q      <= 1'b0;
      data_q       <= '{default: '0};
      scr_q        <= '{default: '1};
      ctrl_q       <= '0;
      header_err_q <= '0;
      type_err_q   <= '0;
    end else begin
      if (ready_o) valid_q <= valid_i;
      if (accept) begin
        data_q       <= data_d;
        scr_q        <= scr_d;
        ctrl_q       <= ctrl_d;
        header_err_q <= header_err_d;
        type_err_q   <= type_err_d;
      end
    end
  end

  assign valid_o      = valid_q;
  assign data_o       = data_q;
  assign ctrl_o       = ctrl_q;
  assign header_err_o = header_err_q;
  assign type_err_o   = type_err_q;

endmodule

`default_nettype wire
