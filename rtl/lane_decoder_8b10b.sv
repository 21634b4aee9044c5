// SPDX-License-Identifier: Apache-2.0
// 8b/10b lane decoder (IEEE 802.3 Clause 36) for Lanes lanes in lockstep:
// a 10-bit symbol per lane in, a byte and K flag per lane out, with a code
// error (not a code group of Tables 36-1/36-2) and a disparity error (a code
// group of the other running-disparity column) flagged per lane. Running
// disparity follows the received bits (Clause 36.2.4.4), negative after reset.
// One register stage, like the encoder. A code error decodes as D.0.

`default_nettype none

module lane_decoder_8b10b #(
  parameter int unsigned Lanes = 1
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,

  input  wire logic             valid_i,
  output logic                  ready_o,
  input  wire logic [9:0]       symbol_i [Lanes],

  output logic                  valid_o,
  input  wire logic             ready_i,
  output logic [7:0]            data_o [Lanes],
  output logic [Lanes-1:0]      k_o,
  output logic [Lanes-1:0]      code_err_o,
  output logic [Lanes-1:0]      disp_err_o
);

  import lane_codec_8b10b_pkg::*;

  // Per-lane flag ports are Lanes bits wide: at most 64, like every port.
  initial begin
    if (Lanes < 1 || Lanes > 64) $fatal(1, "Lanes must be 1..64, got %0d", Lanes);
  end

  logic                 valid_q;
  logic [7:0]           data_q [Lanes];
  logic [7:0]           data_d [Lanes];
  logic [Lanes-1:0]     k_q, k_d;
  logic [Lanes-1:0]     code_err_q, code_err_d;
  logic [Lanes-1:0]     disp_err_q, disp_err_d;
  logic [Lanes-1:0]     rd_q, rd_d;
  logic                 accept;

  assign ready_o = ~valid_q | ready_i;
  assign accept  = valid_i & ready_o;

  // Tables 36-1 and 36-2 as one ROM, indexed {running disparity, symbol}.
  localparam logic [2047:0][11:0] Rom = decoder_rom();

  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    logic [11:0] entry;
    assign entry         = Rom[{rd_q[l], symbol_i[l]}];
    assign rd_d[l]       = entry[11];
    assign code_err_d[l] = entry[10];
    assign disp_err_d[l] = entry[9];
    assign k_d[l]        = entry[8];
    assign data_d[l]     = entry[7:0];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q    <= 1'b0;
      data_q     <= '{default: '0};
      k_q        <= '0;
      code_err_q <= '0;
      disp_err_q <= '0;
      rd_q       <= '0;
    end else begin
      if (ready_o) valid_q <= valid_i;
      if (accept) begin
        data_q     <= data_d;
        k_q        <= k_d;
        code_err_q <= code_err_d;
        disp_err_q <= disp_err_d;
        rd_q       <= rd_d;
      end
    end
  end

  assign valid_o    = valid_q;
  assign data_o     = data_q;
  assign k_o        = k_q;
  assign code_err_o = code_err_q;
  assign disp_err_o = disp_err_q;

endmodule

`default_nettype wire
