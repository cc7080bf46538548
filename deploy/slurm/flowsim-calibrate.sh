#!/bin/bash
# A flowsim history match (calibrate --fit) on Slurm, a wave at a time:
# for each wave a job array runs the wave's points in shards (flowsim reads
# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT itself), then a merge job
# that depends on the array combines the shards, judges the wave and draws
# the next wave's design, on which the next wave's array depends. The
# match directory ends with the files one `flowsim calibrate --fit` on one
# machine writes, byte for byte.
#
# Run it on the login node; it submits every job at once and prints the
# job ids, the last merge's last:
#
#   WAVES=3 SHARDS=10 deploy/slurm/flowsim-calibrate.sh results/notts-match \
#       scenarios/notts/baseline.yaml --points 300 --reps 5 --warmup 240d
#
# Arguments: the match directory, then calibrate's scenario and flags
# without --fit, --waves, --out, --wave, --shard, --merge and --workers
# (every job gets the same ones). Environment: WAVES (default 3), SHARDS
# (array size, default 10), FLOWSIM (the binary, if not on PATH), WAIT=1
# to wait for the last merge (sbatch --wait). A task that is requeued
# resumes its shard from the points it had run; a wave whose merge is
# already done is not run again, so submitting a match again finishes it.
# If a wave finds no point to run, the later waves' jobs say so and end.
#
# Slurm runs this same file as each job (its first argument says which).
#
#SBATCH --job-name=flowsim-match
#SBATCH --cpus-per-task=2
#SBATCH --mem-per-cpu=500M
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --signal=TERM@120
#SBATCH --output=flowsim-match-%A_%a.log
set -euo pipefail

flowsim=${FLOWSIM:-flowsim}

usage() {
  echo "usage: [WAVES=3] [SHARDS=10] $0 MATCH_DIR SCENARIO [calibrate flags...]" >&2
  exit 2
}

case ${1:-} in
--shard-job) # --shard-job WAVE WAVES MATCH_DIR SCENARIO ARGS...: one array task
  if [ $# -lt 5 ] || [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then usage; fi
  wave=$2 waves=$3 out=$4
  shift 4
  exec "$flowsim" calibrate "$@" --fit --waves "$waves" --out "$out" --wave "$wave" \
    --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet
  ;;
--merge-job) # --merge-job WAVES MATCH_DIR SCENARIO ARGS...: after a wave's array
  [ $# -ge 4 ] || usage
  waves=$2 out=$3
  shift 3
  exec "$flowsim" calibrate "$@" --fit --waves "$waves" --out "$out" --merge --quiet
  ;;
esac

[ $# -ge 2 ] || usage
out=$1
shift
waves=${WAVES:-3}
shards=${SHARDS:-10}
case $waves$shards in
*[!0-9]*) usage ;;
esac
if [ -z "$waves" ] || [ -z "$shards" ] || [ "$waves" -lt 1 ] || [ "$shards" -lt 1 ]; then usage; fi
for arg in "$@"; do
  case $arg in
  --fit | --waves* | --out* | --wave | --wave=* | --shard* | --merge | --workers*)
    echo "$0: $arg is the script's to give; leave it out" >&2
    exit 2
    ;;
  esac
done
self=$(readlink -f "$0")
mkdir -p "$out"
export FLOWSIM=$flowsim

after=()
for wave in $(seq 1 "$waves"); do
  array=$(sbatch --parsable "${after[@]}" --array=0-$((shards - 1)) \
    --job-name="flowsim-match-w$wave" "$self" --shard-job "$wave" "$waves" "$out" "$@")
  wait=()
  if [ "$wave" = "$waves" ] && [ "${WAIT:-}" = 1 ]; then
    wait=(--wait)
  fi
  echo "wave $wave: shards in job array $array" >&2
  merge=$(sbatch --parsable "${wait[@]}" --dependency="afterok:$array" --cpus-per-task=1 \
    --job-name="flowsim-merge-w$wave" "$self" --merge-job "$waves" "$out" "$@")
  echo "wave $wave: merge in job $merge" >&2
  after=(--dependency="afterok:$merge")
done
echo "$merge"
