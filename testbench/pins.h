// SPDX-License-Identifier: Apache-2.0
// The pins of a verilated co-simulation top (cosim_top_8b10b.sv or
// cosim_top_64b66b.sv) as SystemC signals, with the conversion between the
// RTL's per-lane ports and the co-simulation's lane records. The signal
// types follow whatever Verilator chose for each port width.
#pragma once

#include "testbench/cosim_types.h"

#include <systemc>

#include <cstdint>
#include <type_traits>

namespace lumen::cosim {

template <typename T> struct port_value { using type = typename T::data_type; };
template <typename T, std::size_t N> struct port_value<T[N]> {
    using type = typename T::data_type;
};
template <typename Member>
using port_value_t = typename port_value<std::remove_reference_t<Member>>::type;

template <typename Member>
inline constexpr unsigned port_lanes = std::extent_v<std::remove_reference_t<Member>>;

// The handshake and reset pins every co-simulation top has.
struct handshake_pins {
    sc_core::sc_signal<bool> rst_n{"rst_n", false};
    sc_core::sc_signal<bool> valid_i{"valid_i"};
    sc_core::sc_signal<bool> ready_o{"ready_o"};
    sc_core::sc_signal<bool> enc_valid_o{"enc_valid_o"};
    sc_core::sc_signal<bool> enc_ready_o{"enc_ready_o"};
    sc_core::sc_signal<bool> dec_valid_o{"dec_valid_o"};
    sc_core::sc_signal<bool> dec_ready_i{"dec_ready_i"};

    template <typename Vtop> void bind_handshake(Vtop& rtl, sc_core::sc_clock& clk) {
        rtl.clk_i(clk);
        rtl.rst_ni(rst_n);
        rtl.valid_i(valid_i);
        rtl.ready_o(ready_o);
        rtl.enc_valid_o(enc_valid_o);
        rtl.enc_ready_o(enc_ready_o);
        rtl.dec_valid_o(dec_valid_o);
        rtl.dec_ready_i(dec_ready_i);
    }

    void trace_handshake(sc_core::sc_trace_file* tf) const {
        for (const sc_core::sc_signal<bool>* s :
             {&rst_n, &valid_i, &ready_o, &enc_valid_o, &enc_ready_o, &dec_valid_o, &dec_ready_i})
            sc_core::sc_trace(tf, *s, s->name());
    }
};

template <typename Vtop> class pins_8b10b : public handshake_pins {
public:
    static constexpr unsigned lanes = port_lanes<decltype(std::declval<Vtop&>().data_i)>;
    using byte_t = port_value_t<decltype(std::declval<Vtop&>().data_i)>;
    using symbol_t = port_value_t<decltype(std::declval<Vtop&>().symbol_o)>;
    using mask_t = port_value_t<decltype(std::declval<Vtop&>().k_i)>;

    sc_core::sc_vector<sc_core::sc_signal<byte_t>> data_i{"data_i", lanes};
    sc_core::sc_signal<mask_t> k_i{"k_i"};
    sc_core::sc_vector<sc_core::sc_signal<symbol_t>> symbol_o{"symbol_o", lanes};
    sc_core::sc_signal<mask_t> kerr_o{"kerr_o"};
    sc_core::sc_signal<mask_t> rd_o{"rd_o"};
    sc_core::sc_vector<sc_core::sc_signal<byte_t>> dec_data_o{"dec_data_o", lanes};
    sc_core::sc_signal<mask_t> dec_k_o{"dec_k_o"};
    sc_core::sc_signal<mask_t> code_err_o{"code_err_o"};
    sc_core::sc_signal<mask_t> disp_err_o{"disp_err_o"};

    void bind(Vtop& rtl, sc_core::sc_clock& clk) {
        bind_handshake(rtl, clk);
        for (unsigned l = 0; l < lanes; ++l) {
            rtl.data_i[l](data_i[l]);
            rtl.symbol_o[l](symbol_o[l]);
            rtl.dec_data_o[l](dec_data_o[l]);
        }
        rtl.k_i(k_i);
        rtl.kerr_o(kerr_o);
        rtl.rd_o(rd_o);
        rtl.dec_k_o(dec_k_o);
        rtl.code_err_o(code_err_o);
        rtl.disp_err_o(disp_err_o);
    }

    void drive(const lane_word* w) {
        uint64_t k = 0;
        for (unsigned l = 0; l < lanes; ++l) {
            data_i[l].write(static_cast<byte_t>(w[l].data));
            k |= uint64_t{w[l].control} << l;
        }
        k_i.write(static_cast<mask_t>(k));
    }

    void read_symbols(lane_symbol* s) const {
        auto kerr = static_cast<uint64_t>(kerr_o.read());
        for (unsigned l = 0; l < lanes; ++l)
            s[l] = {static_cast<uint64_t>(symbol_o[l].read()), 0, ((kerr >> l) & 1) != 0};
    }

    void read_decoded(lane_decoded* d) const {
        auto k = static_cast<uint64_t>(dec_k_o.read());
        auto code = static_cast<uint64_t>(code_err_o.read());
        auto disp = static_cast<uint64_t>(disp_err_o.read());
        for (unsigned l = 0; l < lanes; ++l)
            d[l] = {static_cast<uint64_t>(dec_data_o[l].read()), ((k >> l) & 1) != 0,
                    ((code >> l) & 1) != 0, ((disp >> l) & 1) != 0};
    }

    void trace(sc_core::sc_trace_file* tf) const {
        trace_handshake(tf);
        for (unsigned l = 0; l < lanes; ++l) {
            sc_core::sc_trace(tf, data_i[l], data_i[l].name());
            sc_core::sc_trace(tf, symbol_o[l], symbol_o[l].name());
            sc_core::sc_trace(tf, dec_data_o[l], dec_data_o[l].name());
        }
        for (const sc_core::sc_signal<mask_t>* s :
             {&k_i, &kerr_o, &rd_o, &dec_k_o, &code_err_o, &disp_err_o})
            sc_core::sc_trace(tf, *s, s->name());
    }
};

template <typename Vtop> class pins_64b66b : public handshake_pins {
public:
    static constexpr unsigned lanes = port_lanes<decltype(std::declval<Vtop&>().data_i)>;
    using header_t = port_value_t<decltype(std::declval<Vtop&>().header_o)>;
    using mask_t = port_value_t<decltype(std::declval<Vtop&>().ctrl_i)>;

    sc_core::sc_vector<sc_core::sc_signal<uint64_t>> data_i{"data_i", lanes};
    sc_core::sc_signal<mask_t> ctrl_i{"ctrl_i"};
    sc_core::sc_vector<sc_core::sc_signal<uint64_t>> enc_data_o{"enc_data_o", lanes};
    sc_core::sc_vector<sc_core::sc_signal<header_t>> header_o{"header_o", lanes};
    sc_core::sc_signal<mask_t> err_o{"err_o"};
    sc_core::sc_vector<sc_core::sc_signal<uint64_t>> dec_data_o{"dec_data_o", lanes};
    sc_core::sc_signal<mask_t> dec_ctrl_o{"dec_ctrl_o"};
    sc_core::sc_signal<mask_t> header_err_o{"header_err_o"};
    sc_core::sc_signal<mask_t> type_err_o{"type_err_o"};

    void bind(Vtop& rtl, sc_core::sc_clock& clk) {
        bind_handshake(rtl, clk);
        for (unsigned l = 0; l < lanes; ++l) {
            rtl.data_i[l](data_i[l]);
            rtl.enc_data_o[l](enc_data_o[l]);
            rtl.header_o[l](header_o[l]);
            rtl.dec_data_o[l](dec_data_o[l]);
        }
        rtl.ctrl_i(ctrl_i);
        rtl.err_o(err_o);
        rtl.dec_ctrl_o(dec_ctrl_o);
        rtl.header_err_o(header_err_o);
        rtl.type_err_o(type_err_o);
    }

    void drive(const lane_word* w) {
        uint64_t c = 0;
        for (unsigned l = 0; l < lanes; ++l) {
            data_i[l].write(w[l].data);
            c |= uint64_t{w[l].control} << l;
        }
        ctrl_i.write(static_cast<mask_t>(c));
    }

    void read_symbols(lane_symbol* s) const {
        auto err = static_cast<uint64_t>(err_o.read());
        for (unsigned l = 0; l < lanes; ++l)
            s[l] = {enc_data_o[l].read(), static_cast<uint8_t>(header_o[l].read()),
                    ((err >> l) & 1) != 0};
    }

    void read_decoded(lane_decoded* d) const {
        auto c = static_cast<uint64_t>(dec_ctrl_o.read());
        auto h = static_cast<uint64_t>(header_err_o.read());
        auto t = static_cast<uint64_t>(type_err_o.read());
        for (unsigned l = 0; l < lanes; ++l)
            d[l] = {dec_data_o[l].read(), ((c >> l) & 1) != 0, ((h >> l) & 1) != 0,
                    ((t >> l) & 1) != 0};
    }

    void trace(sc_core::sc_trace_file* tf) const {
        trace_handshake(tf);
        for (unsigned l = 0; l < lanes; ++l) {
            sc_core::sc_trace(tf, data_i[l], data_i[l].name());
            sc_core::sc_trace(tf, enc_data_o[l], enc_data_o[l].name());
            sc_core::sc_trace(tf, header_o[l], header_o[l].name());
            sc_core::sc_trace(tf, dec_data_o[l], dec_data_o[l].name());
        }
        for (const sc_core::sc_signal<mask_t>* s :
             {&ctrl_i, &err_o, &dec_ctrl_o, &header_err_o, &type_err_o})
            sc_core::sc_trace(tf, *s, s->name());
    }
};

} // namespace lumen::cosim
