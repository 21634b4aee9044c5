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

  // Clause 36 error propagation /V/ = K30.7, sent in place of an undefined K.
  localparam logic [7:0] ErrorK = 8'hFE;

  // Encoder ROM entry for one byte, K flag and running disparity:
  // {K was undefined (sent /V/), running disparity after, symbol}.
  function automatic logic [11:0] encode_entry(input logic [7:0] v, input logic k,
                                               input logic rd);
    logic       kerr;
    logic [9:0] symbol;
    kerr   = k & ~valid_k(v);
    symbol = encode(kerr ? ErrorK : v, k, rd);
    return {kerr, rd_after(symbol, rd), symbol};
  endfunction

  // Decoder ROM entry for one symbol and running disparity:
  // {running disparity after, code error, disparity error, K, byte}.
  // Guess the character from its sub-blocks, then re-encode the guess from
  // both running disparities: that tells a good code group from the two
  // errors. A code error decodes as D.0.
  function automatic logic [11:0] decode_entry(input logic [9:0] symbol, input logic rd);
    logic [5:0] c6;
    logic [3:0] c4;
    logic       k28;
    logic [4:0] x;
    logic [2:0] y;
    logic       k;
    logic       same;
    logic       other;
    c6  = symbol[9:4];
    c4  = symbol[3:0];
    k28 = (c6 == 6'b001111) || (c6 == 6'b110000);
    x   = k28 ? 5'd28 : decode6(c6);
    // K28 sent from a positive disparity (110000) carries complemented fghj.
    y   = decode4((c6 == 6'b110000) ? ~c4 : c4);
    k   = k28 || ((c4 == 4'b0111 || c4 == 4'b1000) &&
                  (x == 5'd23 || x == 5'd27 || x == 5'd29 || x == 5'd30));
    same  = encode({y, x}, k, rd) == symbol;
    other = encode({y, x}, k, ~rd) == symbol;
    if (!same && !other) return {rd_after(symbol, rd), 1'b1, 1'b0, 1'b0, 8'h00};
    return {rd_after(symbol, rd), 1'b0, ~same, k, y, x};
  endfunction

  // The code tables combined at elaboration into one ROM per direction,
  // indexed {rd, k, byte} and {rd, symbol}: a lane is then one lookup.
  function automatic logic [1023:0][11:0] encoder_rom();
    logic [1023:0][11:0] rom;
    for (int unsigned i = 0; i < 1024; i++) begin
      logic [9:0] idx;
      idx    = 10'(i);
      rom[i] = encode_entry(idx[7:0], idx[8], idx[9]);
    end
    return rom;
  endfunction

  function automatic logic [2047:0][11:0] decoder_rom();
    logic [2047:0][11:0] rom;
    for (int unsigned i = 0; i < 2048; i++) begin
      logic [10:0] idx;
      idx    = 11'(i);
      rom[i] = decode_entry(idx[9:0], idx[10]);
    end
    return rom;
  endfunction

endpackage

`default_nettype wire
