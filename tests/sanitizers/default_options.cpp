// SPDX-License-Identifier: Apache-2.0
// The sanitizer runtime options of the Asan build type, linked into each of
// its executables (cmake/sanitizers.cmake): the runtimes call these before
// main(). The same variables in the environment override them.
#ifndef LUMEN_SANITIZER_DIR
#error "LUMEN_SANITIZER_DIR: the folder of the suppression files"
#endif

#define LUMEN_NO_SANITIZE __attribute__((no_sanitize("address", "undefined"), used))

// SystemC runs its threads on stacks of its own, which ASan's fake stacks for
// use-after-return do not follow.
extern "C" LUMEN_NO_SANITIZE const char* __asan_default_options() {
    return "detect_stack_use_after_return=0";
}

// halt_on_error: the one recoverable check (alignment in Verilator's trace
// code, which a suppression covers) still stops the run anywhere else.
extern "C" LUMEN_NO_SANITIZE const char* __ubsan_default_options() {
    return "halt_on_error=1:print_stacktrace=1:suppressions=" LUMEN_SANITIZER_DIR "/ubsan.supp";
}

extern "C" LUMEN_NO_SANITIZE const char* __lsan_default_options() {
    return "suppressions=" LUMEN_SANITIZER_DIR "/lsan.supp";
}
