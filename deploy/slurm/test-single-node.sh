#!/usr/bin/env bash
# Integration test on a real Slurm cluster of one node: installs Slurm and
# munge from Debian's packages, starts munged, slurmctld and slurmd by hand
# (no systemd), submits flowsim-array.sbatch as an array of shards, merges
# the shards and checks that the merged files are byte-identical to the
# same run on one machine. Stops every daemon it started, by the PIDs it
# recorded, however it exits.
#
# Needs root on Debian 12 (or similar) with apt. Environment:
#   SHARDS    array size (default 4)
#   REPS      replications (default 40)
#   SCENARIO  scenario file (default scenarios/examples/mmc.yaml)
#   KEEP=1    keep the work directory (logs, shards) for inspection
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
shards=${SHARDS:-4}
reps=${REPS:-40}
scenario=${SCENARIO:-scenarios/examples/mmc.yaml}
started=$(date +%s)

log() { echo "slurm-test: $*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts slurmd)"
command -v go >/dev/null || die "go is not on PATH"
for d in munged slurmctld slurmd; do
  if pgrep -x "$d" >/dev/null; then
    die "a $d is already running; this test starts its own cluster, so stop that one first"
  fi
done

work=$(mktemp -d /tmp/flowsim-slurm.XXXXXX)
chmod 755 "$work"
declare -A pids=()

# stop sends SIGTERM to a daemon we started, waits up to 10 s, then
# SIGKILL.
stop() {
  local name=$1 pid=${pids[$1]:-}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "pids[$name]"
}

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [ -n "${pids[slurmctld]:-}" ]; then
    SLURM_CONF=$work/slurm.conf timeout 10 scancel --quiet --user=root 2>/dev/null || true
  fi
  stop slurmd
  stop slurmctld
  stop munged
  if [ "$code" != 0 ]; then
    for f in "$work"/*.log; do
      [ -f "$f" ] || continue
      log "---- last lines of $f"
      tail -n 25 "$f" >&2 || true
    done
  fi
  if [ "${KEEP:-}" = 1 ] || [ "$code" != 0 ]; then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# waitfor CMD... retries CMD for up to $timeout seconds.
waitfor() {
  local what=$1 timeout=$2
  shift 2
  for _ in $(seq $((timeout * 10))); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  die "timed out after ${timeout}s waiting for $what"
}

# --- 1. Packages ------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
  ! command -v munged >/dev/null; then
  log "installing slurm-wlm, slurm-client and munge"
  # Keep the packages' maintainer scripts from starting services.
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  install() { timeout 600 apt-get install -y -q --no-install-recommends slurm-wlm slurm-client munge >"$work/apt.log" 2>&1; }
  if ! install; then
    timeout 300 apt-get update -q >>"$work/apt.log" 2>&1 || die "apt-get update failed (see $work/apt.log)"
    install || die "apt-get install failed (see $work/apt.log)"
  fi
  [ -n "$made_policy" ] && rm -f "$policy"
fi
slurm_version=$(slurmctld -V 2>/dev/null || echo "slurm (version unknown)")
log "using $slurm_version"

# --- 2. munge ---------------------------------------------------------------
id munge >/dev/null 2>&1 || die "no munge user (is the munge package installed?)"
if [ ! -s /etc/munge/munge.key ]; then
  log "creating /etc/munge/munge.key"
  if command -v mungekey >/dev/null; then
    mungekey --create --keyfile=/etc/munge/munge.key
  else
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
chmod 755 /run/munge
# setpriv execs munged, so $! is munged's own PID.
setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground --force \
  >"$work/munged.log" 2>&1 &
pids[munged]=$!
waitfor "munged" 10 sh -c 'munge -n | unmunge'

# --- 3. Slurm ---------------------------------------------------------------
node=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<EOF
ClusterName=flowsimtest
SlurmctldHost=$node(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=4
SchedulerParameters=batch_sched_delay=0
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=200 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
slurmctld -D -f "$SLURM_CONF" >"$work/slurmctld.stderr.log" 2>&1 &
pids[slurmctld]=$!
waitfor "slurmctld" 30 scontrol ping
slurmd -D -N "$node" -f "$SLURM_CONF" >"$work/slurmd.stderr.log" 2>&1 &
pids[slurmd]=$!
idle() {
  local state
  state=$(sinfo -h -n "$node" -o %T 2>/dev/null)
  case $state in
    idle*) return 0 ;;
    drain* | down* | fail*)
      scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true
      return 1
      ;;
  esac
  return 1
}
waitfor "node $node to be idle ($(sinfo -h -n "$node" -o '%T %E' 2>/dev/null || true))" 30 idle
log "cluster up: node $node, $cpus CPUs"

# --- 4. flowsim: one machine, then the array --------------------------------
go build -o "$work/flowsim" ./cmd/flowsim || die "go build failed"
"$work/flowsim" run "$scenario" --reps "$reps" --out "$work/single" --quiet || die "the single-machine run failed"

array_started=$(date +%s)
if ! FLOWSIM=$work/flowsim timeout 300 sbatch --wait --quiet --array=0-$((shards - 1)) \
  --chdir="$root" --output="$work/task-%a.log" --cpus-per-task=1 --mem-per-cpu=40M --time=10 \
  deploy/slurm/flowsim-array.sbatch "$work/shards" run "$scenario" --reps "$reps"; then
  for f in "$work"/task-*.log; do
    log "---- $f"
    cat "$f" >&2 || true
  done
  die "the array job failed or timed out"
fi
array_secs=$(($(date +%s) - array_started))

n=$(ls -d "$work"/shards/shard-* 2>/dev/null | wc -l)
[ "$n" = "$shards" ] || die "$n shard directories after the array, want $shards"
"$work/flowsim" merge "$work"/shards/shard-* --out "$work/merged" --quiet || die "flowsim merge failed"

# --- 5. Byte-identical to the single-machine run ----------------------------
for f in summary.csv replications.csv daily.csv; do
  cmp "$work/single/$f" "$work/merged/$f" || die "$f of the merged shards differs from the single run"
done
# The manifests may differ only in their "run" section, which comes last.
strip() { sed '/^  "run": {/,$d' "$1"; }
if ! diff <(strip "$work/single/manifest.json") <(strip "$work/merged/manifest.json") >&2; then
  die "manifest.json of the merged shards differs from the single run beyond its run section"
fi

log "ok: $shards Slurm array tasks × $reps replications merged byte-identical to one machine" \
  "(array ${array_secs}s, total $(($(date +%s) - started))s)"
