# SPDX-License-Identifier: Apache-2.0
# The fuzz targets: each fuzz/NAME.cpp (one LLVMFuzzerTestOneInput) is one,
# seeded from fuzz/corpus/NAME/; the inputs that once failed are kept in
# fuzz/regressions/NAME/. fuzz/CMakeLists.txt builds them for libFuzzer
# (LUMEN_FUZZ), tests/fuzz replays every seed and regression input in the
# ordinary builds. docs/testing.md, "Fuzzing", says how to add one.

# The libraries the targets' parsers live in (plain C++: no SystemC). A new
# target whose parser lives elsewhere adds its library here.
set(lumen_fuzz_libs lumen_pure lumen_vector_file lumen_chakra)

file(GLOB lumen_fuzz_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
set(lumen_fuzz_targets "")
foreach(source IN LISTS lumen_fuzz_sources)
  get_filename_component(name ${source} NAME_WE)
  list(APPEND lumen_fuzz_targets ${name})
endforeach()
