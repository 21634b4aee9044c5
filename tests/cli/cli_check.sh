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

# run_json NAME args...: a quiet run writing $work/NAME.json; a run that
# fails counts as a failure.
run_json() {
  local name="$1"; shift
  "$exe" "$@" --json "$work/$name.json" --quiet || { echo "FAIL run $name"; failures=$((failures+1)); }
}

# A results JSON without its wall time, the one field two runs of the same
# seed may differ in.
strip() { grep -v '"wall_time_s"' "$1"; }

# expect_same_json "what" A B: runs A and B ($work/A.json, $work/B.json)
# gave the same results.
expect_same_json() {
  if diff <(strip "$work/$2.json") <(strip "$work/$3.json") >/dev/null; then echo "ok   $1: same seed, same JSON"
  else echo "FAIL $1: the same seed gave different JSON"; failures=$((failures+1)); fi
}

# expect_other_json "what" A B: runs A and B of other seeds gave other results.
expect_other_json() {
  if diff <(strip "$work/$2.json") <(strip "$work/$3.json") >/dev/null; then echo "FAIL $1: another seed gave the same JSON"; failures=$((failures+1))
  else echo "ok   $1: another seed, other results"; fi
}
