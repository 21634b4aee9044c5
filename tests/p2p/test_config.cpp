// SPDX-License-Identifier: Apache-2.0
// Config loading and validation: every kind of bad input is one error that
// names the key (or file, line and column) and what is allowed.
#include "models/core/config.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace lumen;

namespace {

config_schema test_schema() {
    config_schema s;
    s.add_integer("link.lanes", 256, 1, 4096, "lanes", "active lanes");
    s.add_real("link.ber", 1e-9, 0.0, 1e-2, "", "bit error rate");
    s.add_real("workload.injection_rate", 0.8, 0.0, 1.0, "", "offered load", true);
    s.add_choice("link.encoding", "8b10b", {"none", "8b10b", "64b66b"}, "line code");
    s.add_boolean("switch.cut_through", false, "cut-through");
    return s;
}

std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
    try {
        config::load_text(test_schema(), text, "test.json", sets);
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("defaults, file values and --set overrides resolve in that order", "[config]") {
    config c =
        config::load_text(test_schema(), "{ // comments are allowed\n \"link\": {\"lanes\": 128}}",
                          "test.json", {"link.encoding=64b66b", "link.lanes=64"});
    REQUIRE(c.integer("link.lanes") == 64);
    REQUIRE(c.choice("link.encoding") == "64b66b");
    REQUIRE(c.real("link.ber") == 1e-9);
    REQUIRE(c.resolved()["link"]["lanes"] == 64);
    REQUIRE(c.resolved()["switch"]["cut_through"] == false);
}

TEST_CASE("unknown keys are named with the keys that exist", "[config]") {
    std::string e = error_of(R"({"link": {"lanez": 3}})");
    REQUIRE_THAT(e, Catch::Contains("unknown config key 'link.lanez'"));
    REQUIRE_THAT(e, Catch::Contains("lanes"));
    REQUIRE_THAT(error_of(R"({"lnk": {}})"), Catch::Contains("'lnk'"));
    REQUIRE_THAT(error_of("{}", {"link.lane=3"}),
                 Catch::Contains("unknown config key 'link.lane'"));
}

TEST_CASE("wrong types and out-of-range values name the key and the allowed range", "[config]") {
    REQUIRE_THAT(error_of(R"({"link": {"lanes": "many"}})"),
                 Catch::Contains("link.lanes") && Catch::Contains("not an integer") &&
                     Catch::Contains("1 .. 4096"));
    REQUIRE_THAT(error_of(R"({"link": {"lanes": 2.5}})"), Catch::Contains("not an integer"));
    REQUIRE_THAT(error_of(R"({"link": {"lanes": 0}})"),
                 Catch::Contains("link.lanes = 0 is out of range; allowed: 1 .. 4096 (lanes)"));
    REQUIRE_THAT(error_of("{}", {"workload.injection_rate=0"}),
                 Catch::Contains("workload.injection_rate") && Catch::Contains("(0, 1]"));
    REQUIRE_THAT(error_of("{}", {"workload.injection_rate=1.5"}), Catch::Contains("out of range"));
    REQUIRE_THAT(error_of("{}", {"link.encoding=8b9b"}),
                 Catch::Contains("link.encoding") && Catch::Contains("none | 8b10b | 64b66b"));
    REQUIRE_THAT(error_of("{}", {"switch.cut_through=yes"}), Catch::Contains("true | false"));
    REQUIRE_THAT(error_of("{}", {"link.lanes"}), Catch::Contains("expected key.path=value"));
    REQUIRE(error_of(R"({"link": {"lanes": 4096}})").empty());
}

TEST_CASE("malformed JSON names the file, line and column", "[config]") {
    std::string e = error_of("{\n  \"link\": {\"lanes\": 3,,}\n}");
    REQUIRE_THAT(e, Catch::StartsWith("test.json:2:") && Catch::Contains("malformed JSON"));
    REQUIRE_THAT(error_of("[1, 2]"), Catch::Contains("must be a JSON object"));
}

TEST_CASE("a missing config file is named", "[config]") {
    REQUIRE_THROWS_WITH(config::load(test_schema(), "/nonexistent/lumen.json", {}),
                        Catch::Contains("/nonexistent/lumen.json"));
}

TEST_CASE("a string key takes any text; an object key takes --set inside it", "[config]") {
    config_schema s = test_schema();
    s.add_string("fabric.file", "", "topology file");
    s.add_object("tiers", "per tier");
    config c =
        config::load_text(s, R"({"tiers": {"gpu_leaf": {"length_m": 2}}})", "test.json",
                          {"fabric.file=topo.json", "tiers.leaf_spine.length_m=20",
                           "tiers.leaf_spine.preset=copper-224g", "tiers.leaf_spine.link.lanes=8"});
    REQUIRE(c.string("fabric.file") == "topo.json");
    const auto& tiers = c.raw("tiers");
    REQUIRE(tiers["gpu_leaf"]["length_m"] == 2);
    REQUIRE(tiers["leaf_spine"]["length_m"] == 20);
    // A value that is not JSON is a name.
    REQUIRE(tiers["leaf_spine"]["preset"] == "copper-224g");
    REQUIRE(tiers["leaf_spine"]["link"]["lanes"] == 8);
    REQUIRE(c.resolved()["tiers"]["leaf_spine"]["link"]["lanes"] == 8);

    auto error = [&](const std::string& text) {
        try {
            config::load_text(s, text, "test.json", {});
        } catch (const config_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    REQUIRE_THAT(error(R"({"tiers": 3})"), Catch::Contains("tiers = 3 is not an object"));
    REQUIRE_THAT(error(R"({"tiers": {"core": 3}})"),
                 Catch::Contains("tiers") && Catch::Contains("'core' that is not an object"));
    REQUIRE_THAT(error(R"({"fabric": {"file": 3}})"),
                 Catch::Contains("fabric.file = 3 is not a string"));
}

TEST_CASE("a number beyond a double or an int64 is an error naming the key", "[config]") {
    REQUIRE_THAT(error_of("{}", {"link.ber=1e400"}),
                 Catch::StartsWith("--set: link.ber = 1e400 is out of range") &&
                     Catch::Contains("allowed: [0, 0.01]"));
    std::string digits(400, '1');
    std::string e = error_of(R"({"link": {"ber": 1e-9, "lanes": )" + digits + "}}");
    REQUIRE_THAT(e, Catch::StartsWith("test.json: link.lanes = 1111") &&
                        Catch::Contains("out of range") && Catch::Contains("1 .. 4096"));
    // The 400 digits are cut short in the message.
    REQUIRE(e.size() < 200);
    // Beyond int64 (a uint64, and a double that no longer holds it exactly).
    REQUIRE_THAT(error_of(R"({"link": {"lanes": 18446744073709551615}})"),
                 Catch::Contains("link.lanes = 18446744073709551615 is out of range"));
    REQUIRE_THAT(error_of("{}", {"link.lanes=99999999999999999999"}),
                 Catch::Contains("link.lanes") && Catch::Contains("is out of range"));
    REQUIRE_THAT(error_of("{}", {"link.lanes=-1e400"}), Catch::Contains("link.lanes = -1e400"));
}

TEST_CASE("JSON nested too deeply is an error naming the place, not a crash", "[config]") {
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    std::string e = error_of("{\"link\": {\n \"lanes\": " + deep + "}}");
    // The 65th bracket: two objects, then the 63rd list, on line 2.
    REQUIRE_THAT(e, Catch::StartsWith("test.json:2:73: too deeply nested") &&
                        Catch::Contains("at most 64 levels"));
    REQUIRE_THAT(error_of("{}", {"link.lanes=" + deep}),
                 Catch::StartsWith("--set link.lanes: too deeply nested"));
    // 64 levels are read (and then rejected for their type, shown short).
    std::string at_limit = std::string(62, '[') + std::string(62, ']');
    e = error_of("{\"link\": {\"lanes\": " + at_limit + "}}");
    REQUIRE_THAT(e, Catch::Contains("link.lanes = [[[[") && Catch::Contains("not an integer"));
    REQUIRE(e.size() < 200);
    // Brackets in strings and comments do not count.
    REQUIRE_THAT(error_of("{\"link\": {\"encoding\": \"" + deep + "\"}} // " + deep),
                 Catch::Contains("link.encoding") && Catch::Contains("not a known name"));
}

TEST_CASE("a key given twice in one object is an error naming it and the file", "[config]") {
    REQUIRE_THAT(error_of(R"({"link": {"lanes": 3, "ber": 1e-9, "lanes": 4}})"),
                 Catch::StartsWith("test.json: duplicate key 'link.lanes'"));
    REQUIRE_THAT(error_of(R"({"link": {"lanes": 3}, "link": {"ber": 1e-9}})"),
                 Catch::Contains("duplicate key 'link'"));
    REQUIRE_THAT(error_of("{}", {R"(link.lanes={"a": 1, "a": 2})"}),
                 Catch::StartsWith("--set link.lanes: duplicate key 'link.lanes.a'"));
    // The same name in two objects is no repeat.
    REQUIRE(error_of(R"({"link": {"lanes": 3}, "switch": {"cut_through": true}})").empty());
}

TEST_CASE("a directory given as the config file is named", "[config]") {
    REQUIRE_THROWS_WITH(config::load(test_schema(), "/tmp", {}),
                        Catch::Equals("config file '/tmp' is a directory; allowed: a JSON file"));
}

// Found by the `faults` fuzz target: a --set string value that is not UTF-8
// made the error message's JSON dump throw, uncaught.
TEST_CASE("a --set value that is not UTF-8 is an error, not a crash", "[config]") {
    REQUIRE_THAT(error_of("{}", {"link.encoding=\xd3"}),
                 Catch::StartsWith("--set: an override that is not valid UTF-8"));
    REQUIRE_THAT(error_of("{}", {"link.encoding=\xed\xa0\x80"}), // a surrogate
                 Catch::Contains("not valid UTF-8"));
    REQUIRE_THAT(error_of("{}", {"link.encoding=\xc0\xa0"}), // overlong
                 Catch::Contains("not valid UTF-8"));
    // Well-formed text of any script goes on to the key's own check.
    REQUIRE_THAT(error_of("{}", {"link.encoding=\xc3\xa9t\xc3\xa9"}),
                 Catch::Contains("link.encoding") && !Catch::Contains("UTF-8"));
}
