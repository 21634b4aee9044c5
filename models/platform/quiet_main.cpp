// SPDX-License-Identifier: Apache-2.0
// The process entry of every LumenLink executable: SystemC's own main() with
// its banner turned off, so stdout carries results only. SystemC reads the
// switch during static initialization of its kernel, hence before sc_main.
//
// It also gives the heap transparent huge pages. A large platform's state
// spreads over more 4 KiB pages than the TLB holds, and address translation
// then costs a large share of the run: a 256-GPU pod takes 20-30 % less CPU
// time on 2 MiB pages, with the same results (docs/scaling.md). glibc takes
// that choice only from the environment, read before main(), so the process
// starts itself again once with glibc.malloc.hugetlb=1 added to
// GLIBC_TUNABLES. LUMEN_HUGE_PAGES=0 keeps 4 KiB pages.
#include <systemc>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <unistd.h>

// Sanitizer builds (gcc -fsanitize=address, as CI builds them) bring their
// own allocator: the tunable would change nothing, so they have none of this.
#if !defined(__SANITIZE_ADDRESS__)
namespace {

constexpr const char* huge_pages_tunable = "glibc.malloc.hugetlb=1";

bool kernel_offers_huge_pages() {
    std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    std::getline(f, modes);
    return modes.find("[always]") != std::string::npos ||
           modes.find("[madvise]") != std::string::npos;
}

// Whether starting again would change the heap's pages and keep the run
// what the user started: not under valgrind, which would run the new image
// outside its tool.
bool restart_for_huge_pages() {
    const char* off = std::getenv("LUMEN_HUGE_PAGES");
    if (off && std::strcmp(off, "0") == 0) return false;
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables && std::strstr(tunables, "glibc.malloc.hugetlb")) return false;
    const char* preload = std::getenv("LD_PRELOAD");
    if (preload && std::strstr(preload, "vgpreload")) return false;
    return kernel_offers_huge_pages();
}

void restart_with_huge_pages(char* argv[]) {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    std::string value = tunables && *tunables ? std::string(tunables) + ":" + huge_pages_tunable
                                              : std::string(huge_pages_tunable);
    setenv("GLIBC_TUNABLES", value.c_str(), 1);
    execv("/proc/self/exe", argv);
    // Only a failed exec returns: run on as started, on 4 KiB pages. The
    // variable stays set, so a child this process starts does not try again.
}

} // namespace
#endif

int main(int argc, char* argv[]) {
#if !defined(__SANITIZE_ADDRESS__)
    if (restart_for_huge_pages()) restart_with_huge_pages(argv);
#endif
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
