# SPDX-License-Identifier: Apache-2.0
# Unity builds (LUMEN_UNITY): the sources of each of our targets compile in
# batches of eight, one compile per batch. A source of ours parses mostly the
# same headers as its neighbours (SystemC, TLM, fmt, nlohmann-json, our own
# model headers) and instantiates the same templates; a batch does that once.
# Eight sources of lumen_models take 45 % of their CPU time as one compile
# in the Asan build (docs/testing.md, "Measured").
#
# What a batch asks of the code: no two sources of a target define the same
# name in an anonymous namespace (share it in a header instead, as
# models/core/round_up.h does), and no source relies on what a neighbour
# included (the build without LUMEN_UNITY still compiles each source alone).
#
# Off by default with a compiler launcher, as LUMEN_PCH: an edit recompiles
# its whole batch, and a warm ccache makes single compiles cheap anyway. The
# verilated models keep their own grouping (lumen_unity_per_model in
# testbench/CMakeLists.txt).
if(CMAKE_CXX_COMPILER_LAUNCHER)
  set(lumen_unity_default OFF)
else()
  set(lumen_unity_default ON)
endif()
option(LUMEN_UNITY "Compile each target's sources in batches of 8 (off with ccache)" ${lumen_unity_default})
if(LUMEN_UNITY)
  set(CMAKE_UNITY_BUILD ON)
  set(CMAKE_UNITY_BUILD_BATCH_SIZE 8)
endif()
