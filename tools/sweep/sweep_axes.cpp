// SPDX-License-Identifier: Apache-2.0
#include "tools/sweep/sweep_axes.h"

#include "tools/common/point_runner.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace lumen::tools {

namespace {

// A range of more values than this is a typo in the step, not a sweep.
constexpr double max_range_values = 100000;

// A sweep of more points than this would not finish; it is a typo too.
constexpr double max_sweep_points = 100000;

const char* const vary_syntax = "want key=a,b,c, key=first:last:step or key=first:last:*factor";

// A number, optionally ending in K, M or G: binary multiples (2^10, 2^20,
// 2^30), as sizes in bytes are, so 8:128M:*2 lands on 128 MiB exactly.
bool parse_number(const std::string& text, double& value) {
    if (text.empty()) return false;
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    if (end == text.c_str()) return false;
    const std::string suffix = end;
    if (suffix == "K")
        value *= 1024.0;
    else if (suffix == "M")
        value *= 1024.0 * 1024.0;
    else if (suffix == "G")
        value *= 1024.0 * 1024.0 * 1024.0;
    else if (!suffix.empty())
        return false;
    return std::isfinite(value);
}

// Whole numbers up to 2^53 are exact in a double and are written in full,
// without an exponent, as a config's integer keys want them.
bool is_whole(double v) {
    return std::floor(v) == v && std::abs(v) <= 9007199254740992.0;
}

std::string value_text(double v) {
    return is_whole(v) ? fmt::format("{:.0f}", v) : fmt::format("{:.12g}", v);
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = text.find(sep, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

} // namespace

std::vector<std::string> geometric_values(double first, double last, double factor) {
    std::vector<std::string> values;
    // The slack keeps the last value when floating point lands just past it.
    const double slack = 1e-9 * std::abs(last);
    const bool growing = std::abs(last) >= std::abs(first);
    double v = first;
    while (growing ? std::abs(v) <= std::abs(last) + slack
                   : std::abs(v) >= std::abs(last) - slack) {
        // A whole first value and factor stay whole: rounding keeps 2^k exact.
        values.push_back(value_text(is_whole(first) && is_whole(factor) ? std::round(v) : v));
        v *= factor;
    }
    return values;
}

std::vector<std::string> range_values(double first, double last, double step) {
    // The small slack keeps the last value when (last - first) / step is a
    // whole number that floating point lands just below.
    double count = std::floor((last - first) / step + 1e-9) + 1;
    std::vector<std::string> values;
    for (long i = 0; i < long(count); ++i) {
        double v = first + double(i) * step;
        if (is_whole(first) && is_whole(step))
            values.push_back(value_text(v));
        else
            values.push_back(
                fmt::format("{:.12g}", std::abs(v) < 1e-12 * std::abs(step) ? 0.0 : v));
    }
    return values;
}

sweep_axis parse_vary(const std::string& text) {
    auto bad = [&](const std::string& why) {
        return usage_error(fmt::format("--vary {}: {} ({})", text, why, vary_syntax));
    };
    std::size_t eq = text.find('=');
    if (eq == std::string::npos) throw bad("no '='");
    sweep_axis axis{text.substr(0, eq), {}};
    std::string spec = text.substr(eq + 1);
    if (axis.key.empty() || axis.key.find_first_of(" \t") != std::string::npos)
        throw bad("no config key before '='");
    if (spec.empty()) throw bad("no values after '='");

    if (spec.find(':') != std::string::npos) {
        auto parts = split(spec, ':');
        double first, last, step;
        const bool geometric = parts.size() == 3 && parts[2].rfind('*', 0) == 0;
        if (parts.size() != 3 || !parse_number(parts[0], first) || !parse_number(parts[1], last) ||
            !parse_number(geometric ? parts[2].substr(1) : parts[2], step))
            throw bad("a range is three numbers");
        if (geometric) {
            if (first == 0 || last == 0 || (first < 0) != (last < 0))
                throw bad("a geometric range needs first and last of one sign, not 0");
            if (step <= 0 || step == 1) throw bad("the factor must be positive and not 1");
            const double count = std::log(last / first) / std::log(step);
            if (count < -1e-9) throw bad("the factor goes away from the last value");
            if (count + 1 > max_range_values)
                throw bad(fmt::format("more than {:.0f} values", max_range_values));
            axis.values = geometric_values(first, last, step);
            return axis;
        }
        if (step == 0) throw bad("the step is 0");
        if ((last - first) / step < 0) throw bad("the step goes away from the last value");
        if ((last - first) / step + 1 > max_range_values)
            throw bad(fmt::format("more than {:.0f} values", max_range_values));
        axis.values = range_values(first, last, step);
        return axis;
    }
    for (const auto& v : split(spec, ',')) {
        if (v.empty()) throw bad("an empty value in the list");
        // 64K in a list is 65536, as in a range; other values go to the platform as written.
        double number;
        const char last = v.back();
        const bool suffixed = last == 'K' || last == 'M' || last == 'G';
        axis.values.push_back(suffixed && parse_number(v, number) ? value_text(number) : v);
    }
    return axis;
}

std::vector<std::vector<std::string>> cartesian_points(const std::vector<sweep_axis>& axes) {
    // Each axis is bounded, but their product is not: two 99,999-value axes
    // would build 10^10 points and exhaust memory before the first run.
    double count = 1;
    std::string names;
    for (const auto& axis : axes) {
        count *= double(axis.values.size());
        names += (names.empty() ? "--vary " : " x --vary ") + axis.key;
    }
    if (count > max_sweep_points)
        throw usage_error(fmt::format("{}: {:.0f} points; allowed: at most {:.0f} in all", names,
                                      count, max_sweep_points));
    std::vector<std::vector<std::string>> points{{}};
    for (const auto& axis : axes) {
        std::vector<std::vector<std::string>> next;
        for (const auto& point : points)
            for (const auto& v : axis.values) {
                next.push_back(point);
                next.back().push_back(v);
            }
        points = std::move(next);
    }
    return points;
}

} // namespace lumen::tools
