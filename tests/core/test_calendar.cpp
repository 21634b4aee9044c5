// SPDX-License-Identifier: Apache-2.0
// The calendar against a reference timeline written for the test: a sorted
// set of (time, order) with the same rule for a wake asked for while one is
// pending (the earlier wins). Owners that wake each other at random times,
// now included, must run in the same order at the same times in both. Each
// test case elaborates its own simulation (one ctest process per case).
#include "models/core/calendar.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

using namespace lumen;
using namespace sc_core;

namespace {

using run_log = std::vector<std::pair<uint64_t, unsigned>>; // (time ps, owner)

// What an owner does when woken, drawn from a generator both timelines share:
// wake one to three owners (itself too) after 0 to 4 ns in 1-ns steps, or cancel
// one owner's pending wake.
struct action {
    unsigned owner;
    uint64_t delay_ps;
    bool cancel;
};
std::vector<action> draw_actions(std::mt19937_64& g, unsigned owners) {
    std::vector<action> out;
    const unsigned n = 1 + unsigned(g() % 3);
    for (unsigned i = 0; i < n; ++i)
        out.push_back({unsigned(g() % owners), (g() % 5) * 1000, g() % 16 == 0});
    return out;
}

// The reference: (due, order, owner) in a std::set, each owner's live
// order in a table; an entry whose order is not live is skipped.
run_log reference_run(unsigned owners, uint64_t seed, uint64_t until_ps) {
    std::mt19937_64 g(seed);
    std::set<std::tuple<uint64_t, uint64_t, unsigned>> timeline;
    std::vector<uint64_t> due(owners, UINT64_MAX), live(owners, UINT64_MAX);
    uint64_t order = 0;
    auto notify = [&](unsigned o, uint64_t at) {
        if (due[o] <= at) return;
        due[o] = at;
        live[o] = order;
        timeline.insert({at, order++, o});
    };
    for (unsigned o = 0; o < owners; ++o) notify(o, (g() % 8) * 1000);
    run_log log;
    while (!timeline.empty()) {
        auto [at, ord, o] = *timeline.begin();
        timeline.erase(timeline.begin());
        if (at > until_ps) break;
        if (live[o] != ord) continue;
        due[o] = UINT64_MAX;
        log.emplace_back(at, o);
        for (const action& a : draw_actions(g, owners)) {
            if (a.cancel) {
                due[a.owner] = UINT64_MAX;
                live[a.owner] = UINT64_MAX;
            } else {
                notify(a.owner, at + a.delay_ps);
            }
        }
    }
    return log;
}

// The same owners on the calendar.
struct owner {
    unsigned id = 0;
    std::vector<owner>* all = nullptr;
    std::mt19937_64* g = nullptr;
    run_log* log = nullptr;
    wake w;
    void on_wake() {
        const uint64_t now = now_ps();
        log->emplace_back(now, id);
        for (const action& a : draw_actions(*g, unsigned(all->size()))) {
            if (a.cancel)
                (*all)[a.owner].w.cancel();
            else
                (*all)[a.owner].w.notify_at(now + a.delay_ps, now);
        }
    }
};

// Binds every owner and asks for its first wake, during elaboration, from
// the generator the reference draws from in the same order.
void start_owners(std::vector<owner>& all, std::mt19937_64& g, run_log& log) {
    for (unsigned o = 0; o < all.size(); ++o) {
        all[o].id = o;
        all[o].all = &all;
        all[o].g = &g;
        all[o].log = &log;
        all[o].w.bind<&owner::on_wake>(&all[o]);
        all[o].w.notify_at((g() % 8) * 1000, 0);
    }
}

} // namespace

TEST_CASE("calendar runs wakes in time and order as a reference timeline does") {
    constexpr unsigned owners = 40;
    constexpr uint64_t until_ps = 2'000'000;
    const run_log expected = reference_run(owners, 11, until_ps);
    REQUIRE(expected.size() > 2000); // the owners keep waking each other

    std::mt19937_64 g(11);
    run_log log;
    std::vector<owner> all(owners);
    start_owners(all, g, log);
    sc_start(sc_time::from_value(until_ps + 1));
    CHECK(log.size() == expected.size());
    size_t first_difference = 0;
    while (first_difference < std::min(log.size(), expected.size()) &&
           log[first_difference] == expected[first_difference])
        ++first_difference;
    CHECK(first_difference == expected.size());
}

namespace {

// A kernel process (not on the calendar) that wakes an owner now and later.
struct kicker : sc_module {
    SC_HAS_PROCESS(kicker);
    explicit kicker(sc_module_name name)
        : sc_module(name) {
        SC_THREAD(drive);
    }
    wake* target = nullptr;
    std::vector<uint64_t> kicked_at;
    void drive() {
        for (uint64_t step : {5000, 1000, 7000}) {
            wait(sc_time::from_value(step));
            kicked_at.push_back(now_ps());
            target->notify_at(now_ps(), now_ps());        // at once
            target->notify_at(now_ps() + 2000, now_ps()); // dropped: one is pending earlier
        }
    }
};

struct recorder {
    wake w;
    std::vector<uint64_t> woke_at;
    void on_wake() { woke_at.push_back(now_ps()); }
};

} // namespace

TEST_CASE("calendar takes wakes from kernel processes and the earlier wake wins") {
    recorder r;
    r.w.bind<&recorder::on_wake>(&r);
    kicker k("kicker");
    k.target = &r.w;
    // Pending at 20 ns, then replaced by the first kick's earlier one, so
    // nothing happens at 20 ns.
    r.w.notify_at(20000, 0);
    sc_start(sc_time::from_value(100000));
    CHECK(k.kicked_at == std::vector<uint64_t>{5000, 6000, 13000});
    CHECK(r.woke_at == std::vector<uint64_t>{5000, 6000, 13000});
    CHECK(!r.w.pending());
}

TEST_CASE("calendar leaves no kernel event behind once every wake is cancelled") {
    recorder r;
    r.w.bind<&recorder::on_wake>(&r);
    r.w.notify_at(3000, 0);
    r.w.cancel();
    sc_start();
    CHECK(r.woke_at.empty());
    CHECK(sc_time_stamp() == SC_ZERO_TIME); // nothing advanced time to 3 ns
}

// Running ahead of the kernel (calendar::run_ahead_until): the same wakes at
// the same times in the same order, with far fewer kernel time steps.
TEST_CASE("calendar running ahead of the kernel keeps the reference timeline") {
    constexpr unsigned owners = 40;
    constexpr uint64_t until_ps = 2'000'000;
    const run_log expected = reference_run(owners, 11, until_ps);

    std::mt19937_64 g(11);
    run_log log;
    std::vector<owner> all(owners);
    start_owners(all, g, log);
    calendar::current().run_ahead_until(until_ps + 1);
    sc_start(sc_time::from_value(until_ps + 1));
    CHECK(log == expected);
    std::set<uint64_t> times;
    for (const auto& [at, o] : expected) times.insert(at);
    REQUIRE(times.size() > 1000);
    // One step at the start; the kernel then steps to the end of the run.
    CHECK(calendar::current().kernel_steps() <= 2);
    CHECK(kernel_ps() == until_ps + 1);
}

namespace {

// A kernel thread that wakes every `period_ps` and sees which wakes ran.
struct poller : sc_module {
    SC_HAS_PROCESS(poller);
    poller(sc_module_name name, const run_log& log)
        : sc_module(name)
        , log(log) {
        SC_THREAD(poll);
    }
    const run_log& log;
    uint64_t period_ps = 7777;
    std::vector<std::pair<uint64_t, uint64_t>> seen; // (its time, the last wake's time)
    void poll() {
        for (;;) {
            wait(sc_time::from_value(period_ps));
            seen.emplace_back(now_ps(), log.empty() ? 0 : log.back().first);
        }
    }
};

} // namespace

TEST_CASE("calendar running ahead stops before every kernel process's step") {
    constexpr unsigned owners = 40;
    constexpr uint64_t until_ps = 500'000;
    const run_log expected = reference_run(owners, 5, until_ps);

    std::mt19937_64 g(5);
    run_log log;
    std::vector<owner> all(owners);
    start_owners(all, g, log);
    poller p("poller", log);
    calendar::current().run_ahead_until(until_ps + 1);
    sc_start(sc_time::from_value(until_ps + 1));
    CHECK(log == expected);
    REQUIRE(p.seen.size() == until_ps / p.period_ps);
    for (const auto& [at, last] : p.seen) {
        CHECK(last <= at);        // no wake ran ahead of the poller's time
        CHECK(last + 4000 >= at); // the owners wake every few ns: the wakes before it ran
    }
    // About a step per poll (and those the calendar shares), not one per wake time.
    CHECK(calendar::current().kernel_steps() <= 2 * p.seen.size() + 2);
}

namespace {

// A kernel method woken through notify_kernel() from a wake, and a wake that
// asks for it while the calendar may have run ahead.
struct kernel_side : sc_module {
    SC_HAS_PROCESS(kernel_side);
    explicit kernel_side(sc_module_name name)
        : sc_module(name) {
        SC_METHOD(on_event);
        sensitive << ev;
        dont_initialize();
    }
    sc_event ev;
    std::vector<uint64_t> ran_at, kernel_at;
    std::vector<size_t> wakes_before; // how many wakes had run by then
    const std::vector<uint64_t>* woke_at = nullptr;
    void on_event() {
        ran_at.push_back(now_ps());
        kernel_at.push_back(kernel_ps());
        wakes_before.push_back(woke_at->size());
    }
};

struct chain {
    wake w;
    std::vector<uint64_t> at{1000, 2000, 3000, 5000, 5001};
    std::vector<uint64_t> woke_at;
    kernel_side* k = nullptr;
    bool direct = false; // notify the kernel event directly, as a model must not
    void on_wake() {
        const uint64_t now = now_ps();
        woke_at.push_back(now);
        if (now == 2000 || now == 5000) {
            if (direct)
                k->ev.notify(SC_ZERO_TIME);
            else
                calendar::current().notify_kernel(k->ev, now == 2000 ? 500 : 0);
        }
        if (woke_at.size() < at.size()) w.notify_at(at[woke_at.size()], now);
    }
};

} // namespace

TEST_CASE("calendar running ahead times kernel events from its own time") {
    kernel_side k("kernel_side");
    chain c;
    c.k = &k;
    k.woke_at = &c.woke_at;
    c.w.bind<&chain::on_wake>(&c);
    c.w.notify_at(c.at[0], 0);
    calendar::current().run_ahead_until(1'000'000);
    sc_start(sc_time::from_value(1'000'000), SC_EXIT_ON_STARVATION);
    CHECK(c.woke_at == c.at);
    // At 2.5 ns, after the wake at 2 ns and before the one at 3 ns; at 5 ns,
    // after the wake at 5 ns and before the one 1 ps later.
    CHECK(k.ran_at == std::vector<uint64_t>{2500, 5000});
    CHECK(k.kernel_at == k.ran_at);
    CHECK(k.wakes_before == std::vector<size_t>{2, 4});
    // The kernel's time caught up with the last wake.
    CHECK(kernel_ps() == 5001);
}

TEST_CASE("calendar running ahead refuses a kernel event notified directly") {
    kernel_side k("kernel_side");
    chain c;
    c.k = &k;
    c.direct = true;
    k.woke_at = &c.woke_at;
    c.w.bind<&chain::on_wake>(&c);
    c.w.notify_at(c.at[0], 0);
    calendar::current().run_ahead_until(1'000'000);
    CHECK_THROWS(sc_start(sc_time::from_value(1'000'000), SC_EXIT_ON_STARVATION));
}
