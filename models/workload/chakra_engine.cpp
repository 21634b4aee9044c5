// SPDX-License-Identifier: Apache-2.0
#include "models/workload/chakra_engine.h"
#include "models/core/calendar.h"
#include "models/core/sim_time.h"

#include "models/workload/chakra/timeline.h"

#include <algorithm>
#include <string>

namespace lumen {

using namespace sc_core;
using chakra::node_kind;

namespace {
constexpr uint64_t never = ~uint64_t(0);

bool communication(node_kind k) {
    return k == node_kind::COLL || k == node_kind::SEND || k == node_kind::RECV;
}
} // namespace

chakra_engine::chakra_engine(sc_module_name name, const collective_engine_params& params,
                             chakra_rank_plan plan, backing_store& local_memory)
    : sc_module(name)
    , init_out("init_out")
    , m_params(params)
    , m_plan(std::move(plan))
    , m_in("in", m_plan.streams.size()) {
    init_out.register_nb_transport_bw(this, &chakra_engine::out_bw);
    for (size_t s = 0; s < m_plan.streams.size(); ++s) {
        m_streams.push_back(std::make_unique<collective_engine>(
            ("stream" + std::to_string(s)).c_str(), params, std::move(m_plan.streams[s].program),
            local_memory));
        m_streams.back()->init_out.bind(m_in[s]);
        m_in[s].register_nb_transport_fw(this, &chakra_engine::in_fw, int(s));
        m_in[s].register_b_transport(this, &chakra_engine::refuse_b_transport, int(s));
        m_streams.back()->when_done([this] { calendar::current().notify_kernel(m_step, 0); });
    }
    const size_t n = m_plan.nodes.size();
    m_pending.resize(n);
    for (size_t i = 0; i < n; ++i) m_pending[i] = m_plan.nodes[i].parents;
    m_start.assign(n, never);
    m_end.assign(n, never);
    m_sent.assign(n, 0);
    m_ready.assign(n, false);
    m_marked.assign(n, false);
    m_next_release.assign(m_plan.streams.size(), 0);
    m_next_done.assign(m_plan.streams.size(), 0);

    SC_METHOD(on_step);
    sensitive << m_step;
    dont_initialize();
    SC_METHOD(on_compute);
    sensitive << m_compute_done;
    dont_initialize();
    SC_METHOD(on_memory);
    sensitive << m_memory_done;
    dont_initialize();
    SC_METHOD(issue_waiting);
    sensitive << m_issue;
    dont_initialize();
}

void chakra_engine::bind_flags(flag_port& gpu_flags) {
    for (auto& s : m_streams) s->flags.bind(gpu_flags);
}

void chakra_engine::start() {
    for (auto& s : m_streams) s->start();
    for (size_t i = 0; i < m_plan.nodes.size(); ++i)
        if (m_pending[i] == 0) m_ready_list.push_back(uint32_t(i));
    run_ready();
    calendar::current().notify_kernel(m_step, 0); // a trace with nothing to run is done at once
}

bool chakra_engine::done() const {
    if (m_finished != m_plan.nodes.size()) return false;
    for (const auto& s : m_streams)
        if (!s->done()) return false;
    return true;
}

void chakra_engine::finish() {
    for (auto& s : m_streams) s->finish();
}

// --- nodes ---

void chakra_engine::dispatch(uint32_t i) {
    const chakra_node_plan& n = m_plan.nodes[i];
    switch (n.kind) {
    case node_kind::METADATA:
        m_start[i] = now_ps();
        finish_node(i);
        break;
    case node_kind::COMP:
        m_compute_queue.push_back(i);
        start_compute();
        break;
    case node_kind::MEM_LOAD:
    case node_kind::MEM_STORE:
        m_memory_queue.push_back(i);
        start_memory();
        break;
    default:
        m_ready[i] = true;
        release(unsigned(n.stream));
        break;
    }
}

// A stream runs its nodes in program order: the next one starts once it is
// ready, as a communicator's calls are issued in order.
void chakra_engine::release(unsigned s) {
    const chakra_stream& st = m_plan.streams[s];
    while (m_next_release[s] < st.nodes.size() && m_ready[st.nodes[m_next_release[s]]]) {
        m_start[st.nodes[m_next_release[s]]] = now_ps();
        ++m_next_release[s];
        m_streams[s]->flag_arrived(m_plan.rank, st.start_tag);
    }
}

void chakra_engine::start_compute() {
    if (m_computing >= 0 || m_compute_queue.empty()) return;
    const uint32_t i = m_compute_queue.front();
    m_compute_queue.pop_front();
    m_computing = i;
    m_start[i] = now_ps();
    m_compute_total_ps += m_plan.nodes[i].busy_ps;
    calendar::current().notify_kernel(m_compute_done, m_plan.nodes[i].busy_ps);
}

void chakra_engine::start_memory() {
    if (m_accessing >= 0 || m_memory_queue.empty()) return;
    const uint32_t i = m_memory_queue.front();
    m_memory_queue.pop_front();
    m_accessing = i;
    m_start[i] = now_ps();
    calendar::current().notify_kernel(m_memory_done, m_plan.nodes[i].busy_ps);
}

void chakra_engine::on_compute() {
    const uint32_t i = uint32_t(m_computing);
    m_computing = -1;
    finish_node(i);
    start_compute();
    run_ready();
}

void chakra_engine::on_memory() {
    const uint32_t i = uint32_t(m_accessing);
    m_accessing = -1;
    finish_node(i);
    start_memory();
    run_ready();
}

void chakra_engine::finish_node(uint32_t i) {
    m_end[i] = now_ps();
    ++m_finished;
    for (uint32_t c : m_plan.nodes[i].children)
        if (--m_pending[c] == 0) m_ready_list.push_back(c);
}

void chakra_engine::run_ready() {
    // A worklist, not recursion: a long chain of instant nodes stays flat.
    while (!m_ready_list.empty()) {
        const uint32_t i = m_ready_list.back();
        m_ready_list.pop_back();
        dispatch(i);
    }
    check_done();
}

void chakra_engine::on_step() {
    std::vector<uint32_t> completed;
    completed.swap(m_completed);
    for (uint32_t i : completed) finish_node(i);
    run_ready();
}

void chakra_engine::flag_arrived(unsigned source, uint32_t tag) {
    if (source == m_plan.rank) {
        // A stream's marker: the operations of its oldest unmarked node are through.
        for (size_t s = 0; s < m_plan.streams.size(); ++s) {
            if (m_plan.streams[s].done_tag != tag) continue;
            const uint32_t i = m_plan.streams[s].nodes[m_next_done[s]++];
            m_marked[i] = true;
            if (m_sent[i] == m_plan.nodes[i].send_bytes) {
                m_completed.push_back(i);
                calendar::current().notify_kernel(m_step, 0);
            }
            return;
        }
    }
    const auto& routes = m_plan.flag_routes;
    auto it = std::upper_bound(routes.begin(), routes.end(), tag,
                               [](uint32_t t, const auto& r) { return t < r.first; });
    if (it == routes.begin() || tag >= std::prev(it)->last) {
        SC_REPORT_ERROR(name(),
                        ("a flag with tag " + std::to_string(tag) + " no stream awaits").c_str());
        return;
    }
    m_streams[std::prev(it)->stream]->flag_arrived(source, tag);
}

void chakra_engine::check_done() {
    if (m_done_reported || !done()) return;
    m_done_reported = true;
    // Per rank: communication exposed = its intervals outside compute's.
    std::vector<chakra::interval> comm, compute;
    for (size_t i = 0; i < m_plan.nodes.size(); ++i) {
        if (m_plan.nodes[i].kind == node_kind::COMP) compute.push_back({m_start[i], m_end[i]});
        if (communication(m_plan.nodes[i].kind)) comm.push_back({m_start[i], m_end[i]});
    }
    m_exposed_ps = chakra::measure_outside(comm, compute);
    report_done();
}

// --- the merge of the copy engines' requests ---

tlm::tlm_sync_enum chakra_engine::in_fw(int s, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                        sc_time& delay) {
    if (phase != tlm::BEGIN_REQ) {
        SC_REPORT_ERROR(name(), "unexpected phase from a stream");
        return tlm::TLM_COMPLETED;
    }
    if (m_owed_end_req || !m_waiting.empty()) {
        m_waiting.push_back({unsigned(s), &gp});
        return tlm::TLM_ACCEPTED; // END_REQ comes once the splitter takes it
    }
    m_from[&gp] = unsigned(s);
    tlm::tlm_sync_enum r = init_out->nb_transport_fw(gp, phase, delay);
    if (r == tlm::TLM_ACCEPTED || (r == tlm::TLM_UPDATED && phase == tlm::BEGIN_REQ)) {
        m_owed_end_req = &gp;
    } else if (r == tlm::TLM_COMPLETED || (r == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP)) {
        m_from.erase(&gp);
        landed(gp);
    }
    return r;
}

bool chakra_engine::forward(unsigned s, tlm::tlm_generic_payload& gp) {
    m_from[&gp] = s;
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_time delay = SC_ZERO_TIME;
    tlm::tlm_sync_enum r = init_out->nb_transport_fw(gp, phase, delay);
    if (r == tlm::TLM_ACCEPTED || (r == tlm::TLM_UPDATED && phase == tlm::BEGIN_REQ)) return true;
    // Taken at once: the stream's request is accepted (and perhaps answered).
    tlm::tlm_phase end = tlm::END_REQ;
    sc_time zero = SC_ZERO_TIME;
    m_in[s]->nb_transport_bw(gp, end, zero);
    if (r == tlm::TLM_COMPLETED || (r == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP)) {
        m_from.erase(&gp);
        landed(gp);
        tlm::tlm_phase resp = tlm::BEGIN_RESP;
        m_in[s]->nb_transport_bw(gp, resp, zero);
    }
    return false;
}

void chakra_engine::issue_waiting() {
    while (!m_owed_end_req && !m_waiting.empty()) {
        auto [s, gp] = m_waiting.front();
        m_waiting.pop_front();
        if (forward(s, *gp)) m_owed_end_req = gp;
    }
}

tlm::tlm_sync_enum chakra_engine::out_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                         sc_time& delay) {
    const auto it = m_from.find(&gp);
    if (it == m_from.end()) {
        SC_REPORT_ERROR(name(), "a response to no stream's request");
        return tlm::TLM_COMPLETED;
    }
    const unsigned s = it->second;
    if (phase == tlm::END_REQ || (phase == tlm::BEGIN_RESP && m_owed_end_req == &gp)) {
        m_owed_end_req = nullptr;
        calendar::current().notify_kernel(m_issue, 0);
    }
    if (phase == tlm::BEGIN_RESP) {
        m_from.erase(it);
        landed(gp); // before the stream releases the payload
    }
    return m_in[s]->nb_transport_bw(gp, phase, delay);
}

void chakra_engine::landed(const tlm::tlm_generic_payload& gp) {
    const uint64_t offset = gp.get_address() % m_params.memory_stride;
    const auto& ranges = m_plan.write_ranges;
    auto it = std::upper_bound(ranges.begin(), ranges.end(), offset,
                               [](uint64_t o, const auto& r) { return o < r.begin; });
    if (it == ranges.begin() || offset >= std::prev(it)->end) {
        SC_REPORT_ERROR(name(), "a write outside every node's buffer");
        return;
    }
    const uint32_t i = std::prev(it)->node;
    m_sent[i] += gp.get_data_length();
    if (m_marked[i] && m_sent[i] == m_plan.nodes[i].send_bytes) {
        m_completed.push_back(i);
        calendar::current().notify_kernel(m_step, 0);
    }
}

// --- counters ---

const transaction_counts& chakra_engine::transactions() const {
    m_transactions = {};
    for (const auto& s : m_streams) m_transactions += s->transactions();
    return m_transactions;
}

const latency_record& chakra_engine::latency() const {
    m_latency = {};
    for (const auto& s : m_streams) m_latency.merge(s->latency());
    return m_latency;
}

const hop_latency& chakra_engine::latency_by_hops() const {
    m_hops = {};
    for (const auto& s : m_streams) m_hops.merge(s->latency_by_hops());
    return m_hops;
}

uint64_t chakra_engine::bytes() const {
    uint64_t b = 0;
    for (const auto& s : m_streams) b += s->bytes();
    return b;
}

void chakra_engine::trace(tracer& t) const {
    for (const auto& s : m_streams) s->trace(t);
    t.add(m_computing, std::string(name()) + ".computing");
}

} // namespace lumen
