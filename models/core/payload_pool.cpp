// SPDX-License-Identifier: Apache-2.0
#include "models/core/payload_pool.h"

namespace lumen {

payload_pool::~payload_pool() {
    for (auto& p : m_all) p->free_all_extensions();
}

tlm::tlm_generic_payload* payload_pool::acquire(unsigned bytes) {
    pooled_payload* p;
    if (m_free.empty()) {
        m_all.push_back(std::make_unique<pooled_payload>(this));
        p = m_all.back().get();
    } else {
        p = m_free.back();
        m_free.pop_back();
    }
    if (p->data.size() < bytes) p->data.resize(bytes);
    p->reset(); // clears extensions and the reference count's owner state
    p->set_data_ptr(p->data.data());
    p->set_data_length(bytes);
    p->set_streaming_width(bytes);
    p->set_byte_enable_ptr(nullptr);
    p->set_byte_enable_length(0);
    p->set_dmi_allowed(false);
    p->set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    p->acquire();
    return p;
}

void payload_pool::free(tlm::tlm_generic_payload* gp) {
    m_free.push_back(static_cast<pooled_payload*>(gp));
}

} // namespace lumen
