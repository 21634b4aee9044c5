// SPDX-License-Identifier: Apache-2.0
// The process entry of every LumenLink executable: SystemC's own main() with
// its banner turned off, so stdout carries results only. SystemC reads the
// switch during static initialization of its kernel, hence before sc_main.
#include <systemc>

#include <cstdlib>

int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
