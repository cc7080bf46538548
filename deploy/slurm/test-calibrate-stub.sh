#!/usr/bin/env bash
# Tests flowsim-calibrate.sh without a cluster: a stand-in sbatch on PATH
# runs each job as it is submitted (array tasks one after another, with
# Slurm's array variables), which honours the dependencies because the
# script submits in dependency order. A two-wave match of the M/M/5
# example in 3 shards must end with the files of one calibrate --fit, byte
# for byte, and submitting it again must run nothing and change nothing.
# make slurm-stub-test runs it (and make test); the real-Slurm test is
# test-single-node.sh.
set -euo pipefail

cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/flowsim-calibrate-stub.XXXXXX)
trap 'rm -rf "$work"' EXIT
die() {
  echo "calibrate-stub-test: FAILED: $*" >&2
  exit 1
}

mkdir -p "$work/bin" "$work/sc/calibration"
sed 's/^horizon: 2000h/horizon: 600h/' scenarios/examples/mmc.yaml >"$work/sc/mmc.yaml"
cat >"$work/sc/calibration/priors.yaml" <<'EOF'
priors:
  - name: los_mean
    path: sites.main.beds.los.mean
    min: 0.5h
    max: 1.5h
    source: a test (utilisation 0.8-0.9 needs 0.94-1.06 h)
    grade: E
EOF
cat >"$work/sc/calibration/targets.yaml" <<'EOF'
targets:
  - name: utilisation
    metric: occupancy_mean
    sites: [main]
    low: 0.8
    high: 0.9
    source: Erlang
EOF
cat >"$work/bin/sbatch" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
array= parsable=
while [ $# -gt 0 ]; do
  case $1 in
  --array=*) array=${1#--array=} ;;
  --parsable) parsable=1 ;;
  --cpus-per-task=*) export SLURM_CPUS_PER_TASK=${1#*=} ;;
  --*) ;;
  *) break ;;
  esac
  shift
done
script=$1
shift
id=$(($(cat "$STUB_DIR/jobid" 2>/dev/null || echo 100) + 1))
echo "$id" >"$STUB_DIR/jobid"
if [ -n "$array" ]; then
  hi=${array#0-}
  for i in $(seq 0 "$hi"); do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$((hi + 1)) "$script" "$@" >>"$STUB_DIR/jobs.log" 2>&1
  done
else
  "$script" "$@" >>"$STUB_DIR/jobs.log" 2>&1
fi
if [ -n "$parsable" ]; then echo "$id"; fi
EOF
chmod +x "$work/bin/sbatch"

go build -o "$work/flowsim" ./cmd/flowsim || die "go build failed"
args=("$work/sc/mmc.yaml" --points 12 --reps 2)
"$work/flowsim" calibrate "${args[@]}" --fit --waves 2 --out "$work/one" --quiet >/dev/null ||
  die "the one-node match failed"
submit() {
  PATH=$work/bin:$PATH STUB_DIR=$work FLOWSIM=$work/flowsim WAVES=2 SHARDS=3 \
    deploy/slurm/flowsim-calibrate.sh "$work/match" "${args[@]}" >/dev/null 2>&1 ||
    die "flowsim-calibrate.sh failed: $(cat "$work/jobs.log")"
}
submit
grep -q "merged wave 2: the match is finished" "$work/jobs.log" || die "no merge of wave 2: $(cat "$work/jobs.log")"
for f in "$work"/one/*; do
  cmp -s "$f" "$work/match/${f##*/}" || die "${f##*/} differs between the one-node and the Slurm match"
done
before=$(cat "$work"/match/* | sha256sum)
: >"$work/jobs.log"
submit
grep -q "already merged" "$work/jobs.log" || die "a second submission ran shards again: $(cat "$work/jobs.log")"
[ "$(cat "$work"/match/* | sha256sum)" = "$before" ] || die "a second submission changed the match's files"
echo "calibrate-stub-test: ok: 2 waves in 3 shards each give the one-node files"
