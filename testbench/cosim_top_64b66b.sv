// SPDX-License-Identifier: Apache-2.0
// Co-simulation top for lumen-cosim: the 64b/66b lane encoder feeding the
// lane decoder, so the decoder closes the loop. The encoder's blocks come out
// for the scoreboard; the decoder's output takes the sink's back-pressure,
// which reaches the encoder through the decoder's ready.

`default_nettype none

module cosim_top_64b66b #(
  parameter int unsigned Lanes = 1
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,

  input  wire logic             valid_i,
  output logic                  ready_o,
  input  wire logic [63:0]      data_i [Lanes],
  input  wire logic [Lanes-1:0] ctrl_i,

  output logic                  enc_valid_o,
  output logic                  enc_ready_o,
  output logic [63:0]           enc_data_o [Lanes],
  output logic [1:0]            header_o [Lanes],
  output logic [Lanes-1:0]      err_o,

  output logic                  dec_valid_o,
  input  wire logic             dec_ready_i,
  output logic [63:0]           dec_data_o [Lanes],
  output logic [Lanes-1:0]      dec_ctrl_o,
  output logic [Lanes-1:0]      header_err_o,
  output logic [Lanes-1:0]      type_err_o,

  // The scoreboard's verdict, driven only while tracing, so that the RTL's
  // VCD shows it beside the blocks it judged.
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire logic [31:0]      sb_checked_i,
  input  wire logic             sb_mismatch_i
  /* verilator lint_on UNUSEDSIGNAL */
);

  lane_encoder_64b66b #(.Lanes(Lanes)) u_enc (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .data_i,
    .ctrl_i,
    .valid_o     (enc_valid_o),
    .ready_i     (enc_ready_o),
    .data_o      (enc_data_o),
    .header_o,
    .err_o
  );

  lane_decoder_64b66b #(.Lanes(Lanes)) u_dec (
    .clk_i,
    .rst_ni,
    .valid_i      (enc_valid_o),
    .ready_o      (enc_ready_o),
    .data_i       (enc_data_o),
    .header_i     (header_o),
    .valid_o      (dec_valid_o),
    .ready_i      (dec_ready_i),
    .data_o       (dec_data_o),
    .ctrl_o       (dec_ctrl_o),
    .header_err_o,
    .type_err_o
  );

endmodule

`default_nettype wire
