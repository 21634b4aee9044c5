# SPDX-License-Identifier: Apache-2.0
# Sourced by the command-line contract tests of the platform executables:
# `exe` is the executable under test, `work` a scratch folder removed on exit,
# and `failures` counts the checks that failed.
set -u
exe="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect_error "what" "text that must appear" args...: exit 2 and one line on
# stderr that contains the text.
expect_error() {
  local what="$1" needle="$2"; shift 2
  local out rc
  out=$("$exe" "$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 2 ]; then echo "FAIL $what: exit $rc, want 2 ($out)"; failures=$((failures+1)); return; fi
  if [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then echo "FAIL $what: not one line: $out"; failures=$((failures+1)); return; fi
  case "$out" in *"$needle"*) echo "ok   $what: $out" ;;
    *) echo "FAIL $what: '$needle' not in: $out"; failures=$((failures+1)) ;; esac
}
