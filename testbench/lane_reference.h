// SPDX-License-Identifier: Apache-2.0
// The C++ reference codecs of models/serdes seen lane by lane, as the
// scoreboard and the stimulus need them: what each lane's encoder must send,
// what the decoder must give back, random words, and how to print them.
#pragma once

#include "models/serdes/lane_encoder_timing.h"
#include "testbench/cosim_types.h"

#include <memory>
#include <random>
#include <string>

namespace lumen::cosim {

class lane_reference {
public:
    virtual ~lane_reference() = default;

    // The reference encoder of that lane (each lane keeps its own state).
    virtual lane_symbol encode(unsigned lane, const lane_word& word) = 0;
    // What the decoder must return for a word: the word itself, or the
    // standard's error code for an input the encoder had to replace.
    virtual lane_decoded decoded(const lane_word& word) const = 0;
    // Mostly data, some control, now and then an invalid control input.
    virtual lane_word random_word(std::mt19937_64& rng) const = 0;

    virtual std::string format_word(const lane_word& word) const = 0;
    virtual std::string format_symbol(const lane_symbol& symbol) const = 0;
    virtual std::string format_decoded(const lane_decoded& decoded) const = 0;

    virtual serdes::lane_encoder_timing timing() const = 0;
    virtual const char* name() const = 0;
};

std::unique_ptr<lane_reference> make_lane_reference(encoding enc, unsigned lanes);

} // namespace lumen::cosim
