# SPDX-License-Identifier: Apache-2.0
# The Asan build type: AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer, every finding fatal.
#   cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Asan
# GCC's `undefined` leaves float-cast-overflow out: a double too large for
# the integer it becomes is undefined behaviour too. docs/testing.md says
# what each suppression in tests/sanitizers/ is for.
set(lumen_sanitize "-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all")
# -g1: line tables, all a sanitizer's stack trace needs (function, file and
# line of each frame); full -g makes each compile a third slower
# (docs/testing.md) for a debugger the CI never starts.
set(CMAKE_CXX_FLAGS_ASAN "-O1 -g1 -fno-omit-frame-pointer ${lumen_sanitize}")
set(CMAKE_EXE_LINKER_FLAGS_ASAN "${lumen_sanitize}")
set(CMAKE_SHARED_LINKER_FLAGS_ASAN "${lumen_sanitize}")

# GCC 12 at -O1 with the sanitizers' instrumentation warns of
# maybe-uninitialized values inside libstdc++'s <regex> (a false positive of
# the instrumented code, not of ours): a warning there, not an error. Every
# other warning stays an error.
target_compile_options(lumen_warnings INTERFACE
  $<$<AND:$<CONFIG:Asan>,$<CXX_COMPILER_ID:GNU>>:-Wno-error=maybe-uninitialized>)

# The sanitizers slow a test several times over: in the Asan build,
# lumen_add_test (tests/CMakeLists.txt) gives each Catch2 test this many
# times its TIMEOUT. The other tests (scripts, lint, co-simulation runs)
# have margin enough as they are.
if(CMAKE_BUILD_TYPE STREQUAL "Asan")
  set(LUMEN_TEST_TIMEOUT_FACTOR 4)
else()
  set(LUMEN_TEST_TIMEOUT_FACTOR 1)
endif()

# Each executable of the Asan build carries its sanitizer runtime options
# (tests/sanitizers/default_options.cpp), so that `ctest` needs no
# environment; ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS still override.
# Called at the end of the top-level CMakeLists.txt, when every target exists.
function(lumen_add_sanitizer_options)
  if(NOT TARGET lumen_sanitizer_options)
    add_library(lumen_sanitizer_options OBJECT
      ${PROJECT_SOURCE_DIR}/tests/sanitizers/default_options.cpp)
    target_compile_definitions(lumen_sanitizer_options PRIVATE
      LUMEN_SANITIZER_DIR="${PROJECT_SOURCE_DIR}/tests/sanitizers")
  endif()
  set(dirs ${ARGN})
  if(NOT dirs)
    set(dirs ${PROJECT_SOURCE_DIR})
  endif()
  foreach(dir IN LISTS dirs)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t IN LISTS targets)
      get_target_property(type ${t} TYPE)
      if(type STREQUAL "EXECUTABLE")
        target_link_libraries(${t} PRIVATE lumen_sanitizer_options)
      endif()
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    if(subdirs)
      lumen_add_sanitizer_options(${subdirs})
    endif()
  endforeach()
endfunction()
