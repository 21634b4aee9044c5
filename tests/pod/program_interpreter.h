// SPDX-License-Identifier: Apache-2.0
// An untimed interpreter of the collective programs, a second implementation
// beside the collective engines, for the tests: it runs them on real
// buffers without a fabric and logs every send. In order (seed 0) it moves
// every SEND at once and runs each GPU in turn until it waits. With a seed it
// plays an adversarial schedule instead: one step at a time, chosen at
// random among the GPUs that can run and the sends still in flight, and a
// send reads its source only when it is delivered, as a DMA engine may; a
// program that reuses a buffer too early then computes a wrong result.
#pragma once

#include "models/gpu/backing_store.h"
#include "models/workload/collective_program.h"

#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <tuple>
#include <vector>

namespace lumen::test {

struct sent {
    unsigned from, to;
    uint64_t bytes;
};

// Runs the programs to the end; false on a deadlock.
inline bool interpret(const std::vector<collective_program>& programs,
                      std::vector<backing_store>& mem, std::vector<sent>* log = nullptr,
                      uint64_t schedule_seed = 0) {
    const unsigned n = unsigned(programs.size());
    std::vector<size_t> pc(n, 0);
    std::map<std::tuple<unsigned, unsigned, uint32_t>, unsigned> arrived; // (to, from, tag)
    struct in_flight {
        unsigned from;
        collective_op op;
    };
    std::vector<in_flight> flying;
    auto deliver = [&](unsigned from, const collective_op& op) {
        std::vector<unsigned char> a(op.bytes);
        mem[from].read(op.src, a.data(), op.bytes);
        mem[op.peer].write(op.dst, a.data(), op.bytes);
        ++arrived[{op.peer, from, op.tag}];
    };
    auto blocked = [&](unsigned g) {
        if (pc[g] == programs[g].size()) return true;
        const collective_op& op = programs[g][pc[g]];
        if (op.kind != collective_op::WAIT) return false;
        auto it = arrived.find({g, op.peer, op.tag});
        return it == arrived.end() || it->second == 0;
    };
    // One operation of GPU g, which is not blocked.
    auto step = [&](unsigned g) {
        const collective_op& op = programs[g][pc[g]];
        std::vector<unsigned char> a(op.bytes), b(op.bytes);
        if (op.kind == collective_op::WAIT) {
            --arrived[{g, op.peer, op.tag}];
        } else if (op.kind == collective_op::SEND) {
            if (log) log->push_back({g, op.peer, op.bytes});
            if (schedule_seed)
                flying.push_back({g, op});
            else
                deliver(g, op);
        } else if (op.kind == collective_op::REDUCE) {
            mem[g].read(op.src, a.data(), op.bytes);
            mem[g].read(op.dst, b.data(), op.bytes);
            for (size_t i = 0; i < op.bytes; i += 8) {
                uint64_t x, y;
                std::memcpy(&x, &a[i], 8);
                std::memcpy(&y, &b[i], 8);
                y += x;
                std::memcpy(&b[i], &y, 8);
            }
            mem[g].write(op.dst, b.data(), op.bytes);
        } else if (op.kind == collective_op::COPY) {
            mem[g].read(op.src, a.data(), op.bytes);
            mem[g].write(op.dst, a.data(), op.bytes);
        }
        ++pc[g];
    };
    if (schedule_seed == 0) {
        bool progress = true;
        while (progress) {
            progress = false;
            for (unsigned g = 0; g < n; ++g)
                while (!blocked(g)) {
                    step(g);
                    progress = true;
                }
        }
    } else {
        std::mt19937_64 rng(schedule_seed);
        std::vector<unsigned> runnable;
        for (;;) {
            runnable.clear();
            for (unsigned g = 0; g < n; ++g)
                if (!blocked(g)) runnable.push_back(g);
            const size_t choices = runnable.size() + flying.size();
            if (choices == 0) break;
            size_t k = std::uniform_int_distribution<size_t>(0, choices - 1)(rng);
            if (k < runnable.size()) {
                step(runnable[k]);
            } else {
                in_flight f = flying[k - runnable.size()];
                flying.erase(flying.begin() + long(k - runnable.size()));
                deliver(f.from, f.op);
            }
        }
    }
    for (unsigned g = 0; g < n; ++g)
        if (pc[g] != programs[g].size()) return false;
    return true;
}

} // namespace lumen::test
