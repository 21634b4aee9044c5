#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# lumen-sweep --backend slurm on a real one-node Slurm started here (munged,
# slurmctld and slurmd in a scratch folder, on ports of their own): the CSV,
# each point's results JSON and the plots equal those of the local back end
# for the same points and seed (wall time aside); a held job that is
# cancelled is reported point by point; a rerun resumes. Needs root (slurmd
# runs jobs as their user) and Debian's slurmctld, slurmd, slurm-client and
# munge (scripts/install-deps.sh); exit 77 (skipped) when not root.
# usage: slurm_sweep_test.sh BIN_DIR
set -uo pipefail
bin=$1
sweep="$bin/lumen-sweep"
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: a one-node Slurm needs root (slurmd runs jobs as their user)"
  exit 77
fi
for tool in munged slurmctld slurmd sbatch squeue sinfo scancel; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin
  command -v "$tool" >/dev/null || { echo "FAIL $tool not installed (scripts/install-deps.sh)"; exit 1; }
done

# World-readable scratch: munged runs as munge and must reach its own folder.
work=$(mktemp -d /tmp/lumen-slurm-test.XXXXXX)
chmod 755 "$work"
pids=()
stop_daemons() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$work"
}
trap stop_daemons EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
logs() { for f in "$work"/*.log; do echo "--- $f"; tail -15 "$f"; done; }

# munge: its own key, socket and logs, as the munge user, in the foreground.
mkdir -p "$work/munge"
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$work/munge/munge.key" >/dev/null 2>&1
else
  dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
fi
chown -R munge:munge "$work/munge"
chmod 700 "$work/munge"
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket.2"
runuser -u munge -- munged --foreground --force --key-file="$work/munge/munge.key" \
  --socket="$socket" --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" \
  --log-file="$work/munge/munged.log" >"$work/munged.log" 2>&1 &
pids+=($!)

# The node as slurmd sees itself (its short host name) and its real hardware:
# a node line that claims more CPUs or memory than there are is drained.
node=$(slurmd -C | head -1)
host=$(printf '%s\n' "$node" | sed -n 's/^NodeName=\([^ ]*\).*/\1/p')
[ -n "$host" ] || { echo "FAIL slurmd -C: no NodeName in '$node'"; exit 1; }
# Ports of this run's own, so that another Slurm on the machine is left alone.
port=$((20000 + ($$ % 10000) * 4))
mkdir -p "$work/state" "$work/spool"
conf="$work/slurm.conf"
cat >"$conf" <<CONF
ClusterName=lumentest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobCompType=jobcomp/filetxt
JobCompLoc=$work/jobcomp.txt
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=lumentest Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || { fail "munged did not start"; logs; exit 1; }
slurmctld -D -i >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D >"$work/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 60); do
  state=$(timeout 5 sinfo -h -n "$host" -o %t 2>/dev/null)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || { fail "the node is not idle after 30 s (state '$state')"; logs; exit 1; }
echo "ok   one-node Slurm up: $host idle"

# A few small, fast points, one of them a config error, in tasks of two.
points=(--platform p2p --seed 7 --set workload.bytes=131072 --vary link.lanes=64,128
  --vary workload.injection_rate=0.3,0.9,1.5)
timeout 60 "$sweep" "${points[@]}" --quiet --jobs 2 --out "$work/local" 2>"$work/local.err"
[ $? -eq 1 ] || fail "local sweep: exit status, want 1 (a point fails)"
timeout 60 "$sweep" "${points[@]}" --quiet --backend slurm --points-per-task 2 --out "$work/slurm" \
  2>"$work/slurm.err"
rc=$?
[ $rc -eq 1 ] || { fail "slurm sweep: exit $rc, want 1"; cat "$work/slurm.err"; logs; }
[ "$(wc -l <"$work/slurm/slurm/tasks")" -eq 3 ] || fail "6 points in tasks of 2: not 3 tasks"
cmp -s "$work/local.err" "$work/slurm.err" || fail "the failed points are reported differently:
$(diff "$work/local.err" "$work/slurm.err")"
grep -q "point 3 (link.lanes=64 workload.injection_rate=1.5) failed: lumen-p2p: config error" \
  "$work/slurm.err" || fail "the failed point is not reported with its error: $(cat "$work/slurm.err")"

# What must be equal is equal: wall time is the one figure that may differ
# (second to last CSV column, before the JSON path; a line of its own in the JSON).
without_wall() { sed -E 's/,[^,]*,(points\/p[0-9]*\.json)?$/,\1/' "$1"; }
head -1 "$work/local/points.csv" | grep -q ',wall_time_s,json$' || fail "points.csv columns moved"
[ "$(wc -l <"$work/slurm/points.csv")" -eq 7 ] || fail "points.csv: not 6 points"
diff <(without_wall "$work/local/points.csv") <(without_wall "$work/slurm/points.csv") \
  || fail "points.csv differs"
n=0
for f in "$work"/local/points/p*.json; do
  [[ $f == *.config.json ]] && continue
  n=$((n + 1))
  g="$work/slurm/points/${f##*/}"
  diff <(grep -v '"wall_time_s"' "$f") <(grep -v '"wall_time_s"' "$g") >/dev/null \
    || fail "${f##*/} differs"
done
[ "$n" -eq 4 ] || fail "$n results JSON, want 4 (two points fail their config)"
for f in plots.gp latency.svg latency.png accepted_load.svg accepted_load.png energy_per_bit.svg; do
  [ -s "$work/slurm/$f" ] || { fail "no $f"; continue; }
  cmp -s "$work/local/$f" "$work/slurm/$f" || fail "$f differs"
done
echo "ok   slurm and local sweeps agree"

# A rerun skips what is done: nothing is submitted for the passed points.
out=$(timeout 60 "$sweep" "${points[@]}" --backend slurm --points-per-task 2 \
  --out "$work/slurm" 2>/dev/null)
case "$out" in *"4 of 6 points have current results"*) echo "ok   rerun resumes" ;;
  *) fail "rerun did not resume: $out" ;; esac
[ "$(wc -l <"$work/slurm/slurm/tasks")" -eq 1 ] || fail "rerun: the 2 failed points not in 1 task"

# A held job, cancelled before it runs: every point is reported missing, with the job.
timeout 60 "$sweep" "${points[@]}" --quiet --backend slurm --no-wait \
  --slurm-args "--hold --job-name='held sweep'" --out "$work/held" || fail "--no-wait: exit $?"
job=$(sed -n 's/.*"job": "\([0-9]*\)".*/\1/p' "$work/held/sweep.json")
[ -n "$job" ] || fail "no job id in sweep.json"
timeout 10 squeue -h -j "$job" -o %j | grep -q 'held sweep' || fail "--slurm-args not passed"
timeout 10 scancel "$job"
for _ in $(seq 40); do
  timeout 10 squeue -h -j "$job" -o %T 2>/dev/null | grep -q PENDING || break
  sleep 0.5
done
timeout 30 "$sweep" --collect "$work/held" --quiet 2>"$work/held.err"
rc=$?
[ $rc -eq 1 ] || fail "--collect of a cancelled job: exit $rc, want 1"
[ "$(grep -c "missing: job $job task [0-9]* ended without running it" "$work/held.err")" -eq 6 ] \
  || fail "cancelled points not reported one by one: $(cat "$work/held.err")"
echo "ok   a cancelled job is reported point by point"

echo "$failures failed"
[ "$failures" -eq 0 ]
