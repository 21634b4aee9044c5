#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A benchmark answers --help (exit 0, its options on stdout, under its own
# name) and refuses a bad argument with one line on stderr and exit 2, before
# it runs anything.
#   bench_cli_test.sh BENCH BAD_OPTION BAD_VALUE
# shellcheck source=cli_check.sh
source "$(dirname "$0")/cli_check.sh" "$1"
name=$(basename "$exe")

out=$("$exe" --help 2>&1); rc=$?
case "$rc:$out" in
  "0:$name"*--help*) echo "ok   --help" ;;
  *) echo "FAIL --help: exit $rc: $out"; failures=$((failures+1)) ;;
esac
expect_error "unknown option" "--no-such-option" --no-such-option
expect_error "stray argument" "1000" 1000
expect_error "value out of range" "$2" "$2" "$3"
[ "$failures" -eq 0 ]
