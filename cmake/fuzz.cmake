# SPDX-License-Identifier: Apache-2.0
# LUMEN_FUZZ: the libFuzzer targets of fuzz/, in a build folder of their own
# configured with clang (scripts/fuzz.sh does it):
#   CXX=clang++ cmake -S . -B build-fuzz -DLUMEN_FUZZ=ON -DLUMEN_COSIM=OFF
#   cmake --build build-fuzz --target lumen-fuzz
# Every object of that folder is built with coverage for libFuzzer and with
# ASan and UBSan, so that the parsers the targets reach report what they do.
option(LUMEN_FUZZ "Build the libFuzzer targets of fuzz/ (clang only)" OFF)
if(LUMEN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LUMEN_FUZZ needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
      "configure a build folder of its own with CXX=clang++ (see scripts/fuzz.sh)")
  endif()
  set(lumen_fuzz_sanitize -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all)
  add_compile_options(-fsanitize=fuzzer-no-link ${lumen_fuzz_sanitize} -g -O1 -fno-omit-frame-pointer)
  add_link_options(${lumen_fuzz_sanitize})
endif()
