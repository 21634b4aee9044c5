// SPDX-License-Identifier: Apache-2.0
#include "models/platform/recovery_report.h"

#include <fmt/format.h>

namespace lumen {

namespace {

// When the direction last went down during the run (0 lanes in its
// timeline after time zero), or ~0 if it never did.
uint64_t went_down_ps(const serdes::link_channel& ch) {
    uint64_t at = ~uint64_t(0);
    for (const auto& [t, lanes] : ch.stats().lanes_timeline)
        if (lanes == 0 && (t > 0 || ch.down_by_fault())) at = t;
    return ch.up() ? at : ch.down_since_ps();
}

} // namespace

std::string down_cause(const serdes::link_channel& ch) {
    if (ch.down_by_fault())
        return fmt::format("link_down event at {:g} us", double(ch.down_since_ps()) / 1e6);
    return fmt::format("fewer working lanes than link.min_lanes = {} since {:g} us",
                       ch.params().min_lanes, double(ch.down_since_ps()) / 1e6);
}

bool any_link_failed(fabric_builder& f) {
    for (size_t i = 0; i < f.link_count(); ++i) {
        const serdes::microled_link& l = f.link_at(i);
        for (const auto* ch : {&l.a_to_b(), &l.b_to_a()})
            if (!ch->up() || ch->stats().dropped) return true;
    }
    return false;
}

nlohmann::json recovery_section(fabric_builder& f, std::string& failure) {
    uint64_t reissued = 0, late = 0, given_up = 0, duplicates = 0, dropped = 0;
    nlohmann::json unreachable = nlohmann::json::array();
    std::string pairs;
    const fabric::topology& t = f.spec().topology;
    for (unsigned g = 0; g < f.gpus(); ++g) {
        const recovery_stats& r = f.gpu_at(g).recovery();
        reissued += r.reissued;
        late += r.late_responses;
        given_up += r.given_up;
        duplicates += f.gpu_at(g).memory().stats().duplicate_writes;
        for (const auto& [dst, lost] : r.lost_to) {
            const std::string& a = t.nodes[f.index().gpu_node(g)].name;
            const std::string& b = t.nodes[f.index().gpu_node(dst)].name;
            unreachable.push_back({{"source", a}, {"destination", b}, {"lost", lost}});
            if (unreachable.size() <= 8)
                pairs += fmt::format("{}{} cannot reach {} ({} requests lost)",
                                     pairs.empty() ? "" : ", ", a, b, lost);
        }
    }
    nlohmann::json failed = nlohmann::json::array();
    std::string causes;
    for (size_t i = 0; i < f.link_count(); ++i) {
        const serdes::microled_link& l = f.link_at(i);
        for (const auto* ch : {&l.a_to_b(), &l.b_to_a()}) {
            dropped += ch->stats().dropped;
            const uint64_t at = went_down_ps(*ch);
            if (at == ~uint64_t(0)) continue;
            failed.push_back({{"name", ch->name()},
                              {"down_at_us", double(at) / 1e6},
                              {"up_at_end", ch->up()},
                              {"dropped", ch->stats().dropped}});
            if (!ch->up() && failed.size() <= 8)
                causes += fmt::format("{}{} down: {}", causes.empty() ? "" : "; ", ch->name(),
                                      down_cause(*ch));
        }
    }
    if (!unreachable.empty()) {
        if (unreachable.size() > 8)
            pairs += fmt::format(" and {} more pairs", unreachable.size() - 8);
        failure = fmt::format("no path left: {}{}{}", pairs, causes.empty() ? "" : "; ", causes);
    }
    return {{"timeout_us", double(f.spec().recovery.timeout_ps) / 1e6},
            {"retry_limit", f.spec().recovery.retry_limit},
            {"reissued", reissued},
            {"late_responses", late},
            {"duplicate_writes", duplicates},
            {"dropped_by_down_links", dropped},
            {"given_up", given_up},
            {"links_failed", failed},
            {"unreachable", unreachable}};
}

} // namespace lumen
