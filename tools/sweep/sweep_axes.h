// SPDX-License-Identifier: Apache-2.0
// The axes of a sweep: each --vary key=values names one config key and its
// values, a list (a,b,c), an inclusive range (a:b:step) or a geometric one
// (a:b:*factor); numbers may end in K, M or G (2^10, 2^20, 2^30). The points
// are their cartesian product. Plain C++, tested without running anything.
#pragma once

#include <string>
#include <vector>

namespace lumen::tools {

struct sweep_axis {
    std::string key;                 // dotted config key, e.g. "link.lanes"
    std::vector<std::string> values; // as passed to the platform's --set
};

// Parses "key=a,b,c", "key=a:b:step" or "key=a:b:*factor"; throws usage_error with one line
// naming the --vary argument.
sweep_axis parse_vary(const std::string& text);

// The values of an inclusive range. Each value is first + i * step, rounded to
// 12 significant digits, so 0.1:1.0:0.1 gives ten values ending at exactly 1.
// Whole first and step give whole values, written in full.
std::vector<std::string> range_values(double first, double last, double step);

// first, first * factor, ... up to last (inclusive), |last| >= |first| for a
// factor above 1, the other way below; whole first and factor stay exact.
std::vector<std::string> geometric_values(double first, double last, double factor);

// Every combination, the first axis varying slowest; each point holds one value
// per axis, in axis order. More than 100,000 points is a usage_error naming
// the --vary options.
std::vector<std::vector<std::string>> cartesian_points(const std::vector<sweep_axis>& axes);

} // namespace lumen::tools
