// SPDX-License-Identifier: Apache-2.0
#include "tools/compare/compare_rows.h"

#include "models/platform/presets.h"
#include "models/serdes/link_params.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

namespace lumen::tools {

using nlohmann::json;

namespace {

double number_in(const std::string& text) {
    return std::strtod(text.c_str(), nullptr);
}

// A platform refuses a link longer than its technology's reach with exit 2:
// lumen-p2p and lumen-pod name link.length_m, lumen-fabric the tier.
bool read_refusal(const std::string& error, compare_row& r) {
    static const std::regex tier(
        R"(tiers\.([A-Za-z0-9_-]+)\.length_m = ([0-9.eE+-]+) exceeds the reach of its technology \([^)]*\): ([0-9.eE+-]+) m)");
    static const std::regex link(
        R"(link\.length_m = ([0-9.eE+-]+) exceeds the technology's reach link\.reach_m = ([0-9.eE+-]+) m)");
    std::smatch m;
    if (std::regex_search(error, m, tier)) {
        r.reach_where = "tier " + m[1].str();
        r.length_m = number_in(m[2].str());
        r.reach_m = number_in(m[3].str());
        return true;
    }
    if (std::regex_search(error, m, link)) {
        r.reach_where = "link";
        r.length_m = number_in(m[1].str());
        r.reach_m = number_in(m[2].str());
        return true;
    }
    return false;
}

// Payload capacity of one GPU: lumen-p2p reports its one link's, the
// fabric platforms every plane's together.
double gpu_capacity(const json& results) {
    const json w = results.value("workload", json::object());
    if (w.contains("gpu_payload_capacity_GBps")) return w["gpu_payload_capacity_GBps"];
    if (w.contains("link_payload_capacity_GBps")) return w["link_payload_capacity_GBps"];
    return std::nan("");
}

double preset_reach_m(const std::string& preset) {
    for (const auto& v : find_link_preset(preset).values)
        if (v.key == "link.reach_m") return v.value.get<double>();
    return serdes::link_params{}.reach_m; // the embedded default's
}

} // namespace

const char* status_name(row_status s) {
    switch (s) {
    case row_status::PASSED:
        return "passed";
    case row_status::REACH_EXCEEDED:
        return "reach exceeded";
    case row_status::FAILED:
        return "failed";
    }
    return "";
}

compare_row make_row(const std::string& preset, const point_outcome& outcome,
                     const std::string& results, const std::string& tier,
                     std::optional<unsigned> gpus) {
    compare_row r;
    r.preset = preset;
    r.exit_status = outcome.exit_status;
    r.error = outcome.error;
    if (std::filesystem::exists(results)) {
        try {
            std::ifstream in(results);
            r.results = json::parse(in);
            r.figures = read_key_figures(r.results);
            r.capacity_GBps_per_gpu = gpu_capacity(r.results);
            for (const auto& l : r.results.at("links"))
                r.credit_bound = r.credit_bound || l.value("credit_bound", false);
            if (r.results.contains("fabric")) {
                // The compared tier, or the longest tier of this technology.
                r.reach_where = tier.empty() ? "its tiers" : "tier " + tier;
                r.length_m = 0;
                r.reach_m = preset_reach_m(preset);
                const json tco = r.results.value("tco", json::object());
                const json& tiers = r.results["fabric"].at("tiers");
                for (std::size_t i = 0; i < tiers.size(); ++i) {
                    const std::string name = tiers[i].at("name");
                    const bool ours =
                        tier.empty()
                            ? tco.contains("tiers") && tco["tiers"].at(i).at("technology") == preset
                            : name == tier;
                    if (ours)
                        r.length_m = std::max(r.length_m, tiers[i].at("length_m").get<double>());
                }
            } else {
                r.reach_where = "link";
                r.length_m = r.figures->length_m;
                r.reach_m = r.figures->reach_m;
            }
            r.cost = cost_of(r.results, preset, gpus);
        } catch (const std::exception& e) {
            r.figures.reset();
            r.cost.reset();
            if (r.exit_status == 0) r.exit_status = 1;
            r.error = fmt::format("unreadable results: {}", e.what());
        }
    }
    if (r.exit_status == 0 && r.figures && r.figures->passed) {
        r.status = row_status::PASSED;
    } else if (r.exit_status == 2 && read_refusal(r.error, r)) {
        r.status = row_status::REACH_EXCEEDED;
    } else {
        r.status = row_status::FAILED;
        if (r.error.empty())
            r.error = r.figures && !r.figures->failure.empty()
                          ? r.figures->failure
                          : fmt::format("exit status {}", r.exit_status);
    }
    return r;
}

std::string reach_text(const compare_row& r) {
    switch (r.status) {
    case row_status::PASSED:
        if (std::isnan(r.reach_m) || r.length_m <= 0) return "fits";
        return fmt::format("fits {} ({:g} m of {:g} m)", r.reach_where, r.length_m, r.reach_m);
    case row_status::REACH_EXCEEDED:
        return fmt::format("does not reach {}: {:g} m > {:g} m", r.reach_where, r.length_m,
                           r.reach_m);
    case row_status::FAILED:
        return "failed: " + r.error;
    }
    return "";
}

} // namespace lumen::tools
