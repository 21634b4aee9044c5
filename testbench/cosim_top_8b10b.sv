// SPDX-License-Identifier: Apache-2.0
// Co-simulation top for lumen-cosim: the 8b/10b lane encoder feeding the lane
// decoder, so the decoder closes the loop. The encoder's symbols come out for
// the scoreboard; the decoder's output takes the sink's back-pressure, which
// reaches the encoder through the decoder's ready.

`default_nettype none

module cosim_top_8b10b #(
  parameter int unsigned Lanes = 1
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,

  input  wire logic             valid_i,
  output logic                  ready_o,
  input  wire logic [7:0]       data_i [Lanes],
  input  wire logic [Lanes-1:0] k_i,

  output logic                  enc_valid_o,
  output logic                  enc_ready_o,
  output logic [9:0]            symbol_o [Lanes],
  output logic [Lanes-1:0]      kerr_o,
  output logic [Lanes-1:0]      rd_o,

  output logic                  dec_valid_o,
  input  wire logic             dec_ready_i,
  output logic [7:0]            dec_data_o [Lanes],
  output logic [Lanes-1:0]      dec_k_o,
  output logic [Lanes-1:0]      code_err_o,
  output logic [Lanes-1:0]      disp_err_o,

  // The scoreboard's verdict, driven only while tracing, so that the RTL's
  // VCD shows it beside the symbols it judged.
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire logic [31:0]      sb_checked_i,
  input  wire logic             sb_mismatch_i
  /* verilator lint_on UNUSEDSIGNAL */
);

  lane_encoder_8b10b #(.Lanes(Lanes)) u_enc (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .data_i,
    .k_i,
    .valid_o  (enc_valid_o),
    .ready_i  (enc_ready_o),
    .symbol_o,
    .kerr_o,
    .rd_o
  );

  lane_decoder_8b10b #(.Lanes(Lanes)) u_dec (
    .clk_i,
    .rst_ni,
    .valid_i    (enc_valid_o),
    .ready_o    (enc_ready_o),
    .symbol_i   (symbol_o),
    .valid_o    (dec_valid_o),
    .ready_i    (dec_ready_i),
    .data_o     (dec_data_o),
    .k_o        (dec_k_o),
    .code_err_o,
    .disp_err_o
  );

endmodule

`default_nettype wire
