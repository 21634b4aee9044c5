// SPDX-License-Identifier: Apache-2.0
#include "tools/compare/compare_plot.h"

#include "tools/common/gnuplot_quote.h"

#include <fmt/format.h>

namespace lumen::tools {

compare_plot make_compare_plot(const std::vector<compare_row>& rows, const std::string& title) {
    compare_plot out;
    std::string data, missing;
    for (const auto& r : rows) {
        if (r.status != row_status::PASSED || !r.figures || !r.cost) {
            missing += (missing.empty() ? "" : ", ") + r.preset;
            continue;
        }
        data += fmt::format("\"{}\" {:.10g} {:.10g} {:.10g}\n", r.preset,
                            r.figures->sim_time_ns / 1000.0, r.cost->result.energy_usd_per_year,
                            r.cost->capex_usd_per_year());
    }
    if (data.empty()) {
        out.why = "no plots: no preset passed";
        return out;
    }
    std::string& s = out.text;
    s += "# Drawn by lumen-compare from compare.csv; run it again in this directory: gnuplot "
         "compare.gp\n";
    s += "$rows << EOD\n# preset time_us energy_usd_per_year capex_usd_per_year\n" + data + "EOD\n";
    s += "set grid ytics\nset yrange [0:*]\nset style data histograms\n"
         "set style fill solid 0.75 border -1\nset boxwidth 0.7\nset xtics rotate by -20\n"
         "set key outside right top box\n";
    if (!missing.empty())
        s += fmt::format("set label 1 {} at graph 0.01, graph 0.97 front\n",
                         gnuplot_quote("not drawn (no figures): " + missing));
    const std::vector<std::pair<std::string, std::string>> terminals = {
        {"svg",
         "set terminal svg size 960,600 dynamic noenhanced font 'sans,13' background '#ffffff'"},
        {"png", "set terminal pngcairo size 960,600 noenhanced font 'sans,11'"}};
    for (const auto& [ext, terminal] : terminals) {
        s += terminal + "\n";
        out.files.push_back("time." + ext);
        s += fmt::format("set output {}\nset title {}\nset ylabel 'time of the same work (us)'\n"
                         "set style histogram clustered\n"
                         "plot $rows using 2:xtic(1) lc 1 title 'completion or step time'\n",
                         gnuplot_quote(out.files.back()),
                         gnuplot_quote(title + ": time per technology"));
        out.files.push_back("cost_per_year." + ext);
        s += fmt::format("set output {}\nset title {}\nset ylabel 'interconnect cost (USD per "
                         "year)'\nset style histogram rowstacked\n"
                         "plot $rows using 3:xtic(1) lc 2 title 'energy', \\\n"
                         "     '' using 4 lc 3 title 'capital / tco.years'\n",
                         gnuplot_quote(out.files.back()), gnuplot_quote(title + ": cost per year"));
        s += "unset output\n";
    }
    return out;
}

} // namespace lumen::tools
