// SPDX-License-Identifier: Apache-2.0
// 8b/10b code tables of IEEE 802.3 Clause 36 as pure functions, shared by
// lane_encoder_8b10b and lane_decoder_8b10b (the decoder re-encodes its guess
// to tell a good code group from a code or disparity error).
//
// Symbol bit 9 is 'a' (sent first), bit 0 is 'j': a symbol written MSB first
// reads "abcdei fghj" as the standard's tables do. Byte bit 0 is 'A'.
// Running disparity: 1 is positive, 0 negative.

`default_nettype none

package lane_codec_8b10b_pkg;

  // Table 36-1a, 5b/6b, "current RD -" column, abcdei.
  function automatic logic [5:0] code6_rd_neg(input logic [4:0] x);
    logic [5:0] c;
    unique case (x)
      5'd0:  c = 6'b100111;
      5'd1:  c = 6'b011101;
      5'd2:  c = 6'b101101;
      5'd3:  c = 6'b110001;
      5'd4:  c = 6'b110101;
      5'd5:  c = 6'b101001;
      5'd6:  c = 6'b011001;
      5'd7:  c = 6'b111000;
      5'd8:  c = 6'b111001;
      5'd9:  c = 6'b100101;
      5'd10: c = 6'b010101;
      5'd11: c = 6'b110100;
      5'd12: c = 6'b001101;
      5'd13: c = 6'b101100;
      5'd14: c = 6'b011100;
      5'd15: c = 6'b010111;
      5'd16: c = 6'b011011;
      5'd17: c = 6'b100011;
      5'd18: c = 6'b010011;
      5'd19: c = 6'b110010;
      5'd20: c = 6'b001011;
      5'd21: c = 6'b101010;
      5'd22: c = 6'b011010;
      5'd23: c = 6'b111010;
      5'd24: c = 6'b110011;
      5'd25: c = 6'b100110;
      5'd26: c = 6'b010110;
      5'd27: c = 6'b110110;
      5'd28: c = 6'b001110;
      5'd29: c = 6'b101110;
      5'd30: c = 6'b011110;
      default: c = 6'b101011;  // D.31
    endcase
    return c;
  endfunction

  // Table 36-1b, 3b/4b data, "current RD -" column, fghj; 7 is D.x.P7.
  function automatic logic [3:0] code4_rd_neg(input logic [2:0] y);
    logic [3:0] c;
    unique case (y)
      3'd0: c = 4'b1011;
      3'd1: c = 4'b1001;
      3'd2: c = 4'b0101;
      3'd3: c = 4'b1100;
      3'd4: c = 4'b1101;
      3'd5: c = 4'b1010;
      3'd6: c = 4'b0110;
      default: c = 4'b1110;
    endcase
    return c;
  endfunction

  // Table 36-2, K28.y fghj after a negative 6b sub-block; every entry flips
  // with the running disparity, the balanced ones too.
  function automatic logic [3:0] code4_k_rd_neg(input logic [2:0] y);
    logic [3:0] c;
    unique case (y)
      3'd0: c = 4'b1011;
      3'd1: c = 4'b0110;
      3'd2: c = 4'b1010;
      3'd3: c = 4'b1100;
      3'd4: c = 4'b1101;
      3'd5: c = 4'b0101;
      3'd6: c = 4'b1001;
      default: c = 4'b0111;
    endcase
    return c;
  endfunction

  // The twelve control characters of Table 36-2.
  function automatic logic valid_k(input logic [7:0] v);
    return (v[4:0] == 5'd28) ||
           (v[7:5] == 3'd7 && (v[4:0] == 5'd23 || v[4:0] == 5'd27 ||
                               v[4:0] == 5'd29 || v[4:0] == 5'd30));
  endfunction

  // Clause 36.2.4.4: positive after more ones or 000111, negative after more
  // zeros or 111000, else unchanged.
  function automatic logic rd_after6(input logic [5:0] c, input logic rd);
    logic [2:0] ones;
    ones = 3'($countones(c));
    if (ones > 3'd3 || c == 6'b000111) return 1'b1;
    if (ones < 3'd3 || c == 6'b111000) return 1'b0;
    return rd;
  endfunction

  function automatic logic rd_after4(input logic [3:0] c, input logic rd);
    logic [2:0] ones;
    ones = 3'($countones(c));
    if (ones > 3'd2 || c == 4'b0011) return 1'b1;
    if (ones < 3'd2 || c == 4'b1100) return 1'b0;
    return rd;
  endfunction

  // Running disparity after a whole symbol, from its bits alone.
  function automatic logic rd_after(input logic [9:0] symbol, input logic rd);
    return rd_after4(symbol[3:0], rd_after6(symbol[9:4], rd));
  endfunction

  // One code group from the running disparity rd. v must be a data byte or a
  // valid K (the encoder swaps an undefined K first).
  function automatic logic [9:0] encode(input logic [7:0] v, input logic k, input logic rd);
    logic [4:0] x;
    logic [2:0] y;
    logic [5:0] c6;
    logic [3:0] c4;
    logic       rd6;
    logic       a7;
    x = v[4:0];
    y = v[7:5];
    c6 = (k && x == 5'd28) ? 6'b001111 : code6_rd_neg(x);
    if (rd && ($countones(c6) != 3 || c6 == 6'b111000)) c6 = ~c6;
    rd6 = rd_after6(c6, rd);
    if (k) begin
      c4 = code4_k_rd_neg(y);
      if (rd6) c4 = ~c4;
    end else begin
      // D.x.A7 avoids a run of five equal bits across e, i, f, g, h.
      a7 = (y == 3'd7) && (rd6 ? (x == 5'd11 || x == 5'd13 || x == 5'd14)
                               : (x == 5'd17 || x == 5'd18 || x == 5'd20));
      c4 = a7 ? 4'b0111 : code4_rd_neg(y);
      if (rd6 && ($countones(c4) != 2 || c4 == 4'b1100)) c4 = ~c4;
    end
    return {c6, c4};
  endfunction

endpackage

`default_nettype wire
