// SPDX-License-Identifier: Apache-2.0
#include "models/core/tracer.h"

namespace lumen {

tracer::tracer(const std::string& vcd_path, const std::string& filter) : m_filter(filter) {
    std::string base = vcd_path;
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0)
        base.resize(base.size() - 4);
    m_file = sc_core::sc_create_vcd_trace_file(base.c_str());
    m_file->set_time_unit(1, sc_core::SC_PS);
}

tracer::~tracer() { sc_core::sc_close_vcd_trace_file(m_file); }

} // namespace lumen
