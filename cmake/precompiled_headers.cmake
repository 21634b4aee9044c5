# SPDX-License-Identifier: Apache-2.0
# Precompiled headers (LUMEN_PCH): the third-party headers nearly every
# source includes (libstdc++, fmt, nlohmann-json, SystemC and TLM, Catch2)
# are parsed once per build instead of once per source file. Parsing them is
# most of the compile time of a source of ours at -O1 (the Asan build type)
# and a large part at -O3; docs/testing.md gives the figures.
#
# Four sets, each compiled once, in an object library of its own, and reused
# by every target of that kind (REUSE_FROM): a target that adds sources gets
# them for free. Catch2 is in the test sets only (its macros CHECK, INFO, WARN
# are not for model code). The sets force-include their headers into every
# source of a target; a source still includes what it uses (LUMEN_PCH=OFF
# builds it as written, and so does ccache's build).
#
# Off by default with a compiler launcher: ccache cannot cache a source that
# uses a precompiled header unless its sloppiness is set for it, and a warm
# cache is faster still. Off in the libFuzzer folder (clang, another set of
# flags), which is left as it was measured.
if(CMAKE_CXX_COMPILER_LAUNCHER OR LUMEN_FUZZ)
  set(lumen_pch_default OFF)
else()
  set(lumen_pch_default ON)
endif()
option(LUMEN_PCH "Precompile the common third-party headers (off with ccache)" ${lumen_pch_default})

set(lumen_pch_plain
  <algorithm> <cmath> <cstdint> <functional> <map> <memory> <optional> <stdexcept>
  <string> <vector> <fmt/format.h> <nlohmann/json.hpp>)
set(lumen_pch_systemc ${lumen_pch_plain} <systemc> <tlm>)

# lumen_pch_set(KIND HEADERS...): the object library lumen_pch_KIND, whose
# one (empty) source compiles the set. Its flags are those of the build type,
# as for every consumer; a consumer whose flags differ fails with
# -Winvalid-pch (an error under lumen_warnings), never silently.
# The libraries of a set's headers are linked to the set and to each of its
# consumers alike: their definitions (FMT_SHARED, ...) must match for GCC to
# use the header.
set(lumen_pch_plain_libs fmt::fmt nlohmann_json::nlohmann_json)
set(lumen_pch_systemc_libs ${lumen_pch_plain_libs} PkgConfig::SYSTEMC)
set(lumen_pch_test_libs ${lumen_pch_plain_libs} Catch2::Catch2)
set(lumen_pch_test_systemc_libs ${lumen_pch_systemc_libs} Catch2::Catch2)
function(lumen_pch_set kind)
  set(source ${CMAKE_BINARY_DIR}/lumen_pch/${kind}.cpp)
  if(NOT EXISTS ${source})
    file(WRITE ${source} "// The precompiled header set ${kind} (cmake/precompiled_headers.cmake).\n")
  endif()
  add_library(lumen_pch_${kind} OBJECT ${source})
  target_link_libraries(lumen_pch_${kind} PRIVATE ${lumen_pch_${kind}_libs})
  target_precompile_headers(lumen_pch_${kind} PRIVATE ${ARGN})
endfunction()

if(LUMEN_PCH)
  lumen_pch_set(plain ${lumen_pch_plain})
  lumen_pch_set(systemc ${lumen_pch_systemc})
endif()
if(LUMEN_PCH AND LUMEN_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  lumen_pch_set(test ${lumen_pch_plain} <catch2/catch.hpp>)
  lumen_pch_set(test_systemc ${lumen_pch_systemc} <catch2/catch.hpp>)
endif()

# lumen_precompiled_headers(KIND TARGET...): the targets reuse the set KIND
# (plain, systemc, test, test_systemc). Nothing without LUMEN_PCH.
function(lumen_precompiled_headers kind)
  if(NOT LUMEN_PCH)
    return()
  endif()
  foreach(target IN LISTS ARGN)
    target_precompile_headers(${target} REUSE_FROM lumen_pch_${kind})
    target_link_libraries(${target} PRIVATE ${lumen_pch_${kind}_libs})
  endforeach()
endfunction()
