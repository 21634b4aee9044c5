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

  initial begin
    if (Lanes < 1 || Lanes > 64) $fatal(1, "Lanes must be 1..64, got %0d", Lanes);
  end

  // The 5b/6b sub-block's x, from either column of Table 36-1a.
  function automatic logic [4:0] decode6(input logic [5:0] c6);
    logic [4:0] x;
    unique case (c6)
      6'b100111, 6'b011000: x = 5'd0;
      6'b011101, 6'b100010: x = 5'd1;
      6'b101101, 6'b010010: x = 5'd2;
      6'b110001:           x = 5'd3;
      6'b110101, 6'b001010: x = 5'd4;
      6'b101001:           x = 5'd5;
      6'b011001:           x = 5'd6;
      6'b111000, 6'b000111: x = 5'd7;
      6'b111001, 6'b000110: x = 5'd8;
      6'b100101:           x = 5'd9;
      6'b010101:           x = 5'd10;
      6'b110100:           x = 5'd11;
      6'b001101:           x = 5'd12;
      6'b101100:           x = 5'd13;
      6'b011100:           x = 5'd14;
      6'b010111, 6'b101000: x = 5'd15;
      6'b011011, 6'b100100: x = 5'd16;
      6'b100011:           x = 5'd17;
      6'b010011:           x = 5'd18;
      6'b110010:           x = 5'd19;
      6'b001011:           x = 5'd20;
      6'b101010:           x = 5'd21;
      6'b011010:           x = 5'd22;
      6'b111010, 6'b000101: x = 5'd23;
      6'b110011, 6'b001100: x = 5'd24;
      6'b100110:           x = 5'd25;
      6'b010110:           x = 5'd26;
      6'b110110, 6'b001001: x = 5'd27;
      6'b001110:           x = 5'd28;
      6'b101110, 6'b010001: x = 5'd29;
      6'b011110, 6'b100001: x = 5'd30;
      6'b101011, 6'b010100: x = 5'd31;
      default:             x = 5'd0;  // not a data sub-block: a code error or K28
    endcase
    return x;
  endfunction

  // The 3b/4b sub-block's y (data column, both running disparities).
  function automatic logic [2:0] decode4(input logic [3:0] c4);
    logic [2:0] y;
    unique case (c4)
      4'b1011, 4'b0100:                   y = 3'd0;
      4'b1001:                            y = 3'd1;
      4'b0101:                            y = 3'd2;
      4'b1100, 4'b0011:                   y = 3'd3;
      4'b1101, 4'b0010:                   y = 3'd4;
      4'b1010:                            y = 3'd5;
      4'b0110:                            y = 3'd6;
      4'b1110, 4'b0001, 4'b0111, 4'b1000: y = 3'd7;
      default:                            y = 3'd0;  // 0000, 1111: a code error
    endcase
    return y;
  endfunction

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

  // Guess the character from its sub-blocks, then re-encode the guess from
  // both running disparities: that tells a good code group from the two errors.
  always_comb begin
    for (int unsigned l = 0; l < Lanes; l++) begin
      logic [5:0]  c6;
      logic [3:0]  c4;
      logic        k28;
      logic [4:0]  x;
      logic [2:0]  y;
      logic        k;
      logic [9:0]  same_rd;
      logic [9:0]  other_rd;
      c6  = symbol_i[l][9:4];
      c4  = symbol_i[l][3:0];
      k28 = (c6 == 6'b001111) || (c6 == 6'b110000);
      x   = k28 ? 5'd28 : decode6(c6);
      // K28 sent from a positive disparity (110000) carries complemented fghj.
      y   = decode4((c6 == 6'b110000) ? ~c4 : c4);
      k   = k28 || ((c4 == 4'b0111 || c4 == 4'b1000) &&
                    (x == 5'd23 || x == 5'd27 || x == 5'd29 || x == 5'd30));
      same_rd  = encode({y, x}, k, rd_q[l]);
      other_rd = encode({y, x}, k, ~rd_q[l]);
      code_err_d[l] = (same_rd != symbol_i[l]) && (other_rd != symbol_i[l]);
      disp_err_d[l] = (same_rd != symbol_i[l]) && (other_rd == symbol_i[l]);
      data_d[l] = code_err_d[l] ? 8'h00 : {y, x};
      k_d[l]    = ~code_err_d[l] & k;
      rd_d[l]   = rd_after(symbol_i[l], rd_q[l]);
    end
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
