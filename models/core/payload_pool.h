// SPDX-License-Identifier: Apache-2.0
// A pool of TLM generic payloads with their data buffers: initiators take one
// per transaction and it comes back when its reference count drops to zero,
// so the data path does no new/delete per transaction.
#pragma once

#include <tlm>

#include <memory>
#include <vector>

namespace lumen {

class payload_pool : public tlm::tlm_mm_interface {
public:
    payload_pool() = default;
    payload_pool(const payload_pool&) = delete;
    payload_pool& operator=(const payload_pool&) = delete;
    ~payload_pool() override;

    // A reset payload with reference count 1 and a data buffer of at least
    // `bytes`, owned by the pool.
    tlm::tlm_generic_payload* acquire(unsigned bytes);

    void free(tlm::tlm_generic_payload* gp) override;

    size_t allocated() const { return m_all.size(); }
    size_t in_use() const { return m_all.size() - m_free.size(); }

private:
    // The payload and its buffer in one object, so free() finds the buffer
    // without a lookup.
    struct pooled_payload : tlm::tlm_generic_payload {
        explicit pooled_payload(tlm::tlm_mm_interface* mm)
            : tlm::tlm_generic_payload(mm) {}
        std::vector<unsigned char> data;
    };
    std::vector<std::unique_ptr<pooled_payload>> m_all;
    std::vector<pooled_payload*> m_free;
};

} // namespace lumen
