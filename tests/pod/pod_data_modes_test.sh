#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# sim.data (docs/data_modes.md): a run in compact mode reports what the same
# run on real bytes does, every figure but the mode itself (time, bandwidth,
# latency, every link's bit errors, CRC rejections and replays, every
# switch's counters), for an all-reduce, mixed reads and writes, and writes
# that revisit their slots, with bit errors on the links; auto keeps small
# runs real; compact refuses what it cannot hold exactly.
# shellcheck source=../cli/cli_check.sh
source "$(dirname "$0")/../cli/cli_check.sh" "$1"

# The results without the wall time and the two fields that name the mode.
figures() { grep -v '"wall_time_s"\|"data":' "$1"; }

modes_agree() {
  local name="$1"; shift
  run_json "${name}_real" "$@" --set sim.data=real
  run_json "${name}_compact" "$@" --set sim.data=compact
  grep -q '"data": "compact"' "$work/${name}_compact.json" || { echo "FAIL $name: not compact"; failures=$((failures+1)); }
  grep -q '"crc_errors": [1-9]' "$work/${name}_compact.json" || { echo "FAIL $name: no CRC errors to replay"; failures=$((failures+1)); }
  if diff <(figures "$work/${name}_real.json") <(figures "$work/${name}_compact.json") >/dev/null; then
    echo "ok   $name: compact gives the figures of real bytes"
  else
    echo "FAIL $name: compact and real differ:"; diff <(figures "$work/${name}_real.json") <(figures "$work/${name}_compact.json") | head -20
    failures=$((failures+1))
  fi
}

small="--set pod.gpus=4 --set link.ber=1e-5"
# shellcheck disable=SC2086
modes_agree allreduce $small --set workload.kind=allreduce --set workload.collective_bytes=262144
# shellcheck disable=SC2086
modes_agree mixed $small --set workload.kind=pattern --set workload.op=mixed \
  --set workload.bytes=131072 --set workload.request_bytes=256 --set workload.region_bytes=65536 \
  --set workload.max_outstanding=16
# shellcheck disable=SC2086
modes_agree rewrites $small --set workload.kind=pattern --set workload.op=write \
  --set workload.bytes=131072 --set workload.request_bytes=512 --set workload.region_bytes=16384 \
  --set workload.max_outstanding=4

# shellcheck disable=SC2086
run_json small_auto $small --set workload.kind=allreduce --set workload.collective_bytes=262144
grep -q '"data": "real"' "$work/small_auto.json" && echo "ok   auto keeps a small run real" \
  || { echo "FAIL auto did not keep a small run real"; failures=$((failures+1)); }

expect_error "compact llm step" "sim.data = compact: workload.kind = llm_step" --set sim.data=compact --set workload.kind=llm_step
expect_error "compact chunks of part blocks" "sim.data = compact: a buffer of 640 B" --set sim.data=compact --set workload.collective_bytes=640
expect_error "compact requests of part blocks" "sim.data = compact: workload.request_bytes = 64" --set sim.data=compact --set workload.kind=pattern --set workload.request_bytes=64
expect_error "unknown mode" "sim.data" --set sim.data=sparse
[ "$failures" -eq 0 ]
