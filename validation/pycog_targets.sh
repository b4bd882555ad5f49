#!/usr/bin/env bash
# Trains pycog's eleven tasks one after another with song2016's defaults and prints one line per task: how long it
# ran, its last validation and why it stopped. Usage: validation/pycog_targets.sh OUT_DIR [CAP_SECONDS] [flags...]
# (default cap 420 s per task; extra flags go to every `train`, e.g. --device cpu). A task cut off by the cap can go
# on with the same command plus --resume. Long: up to 11 × CAP; not part of validation/run.
set -u
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: validation/pycog_targets.sh OUT_DIR [CAP_SECONDS] [flags...]}"
cap="${2:-420}"
shift $(( $# >= 2 ? 2 : 1 ))
mkdir -p "$out"
for task in ${TASKS:-rdm_fixed rdm_dense rdm_nodale rdm_varstim rdm_rt multisensory sinewave lee mante mante_areas romo}; do
  start=$(date +%s)
  timeout "$cap" "$here/tools/eirnn" train --model song2016 --task "$task" --device opencl --no-plots \
    --output_dir "$out/$task" "$@" > "$out/$task.log" 2>&1
  rc=$?
  last=$(grep -E "update [0-9]+/" "$out/$task.log" | tail -1 | sed 's/^eirnn train: //; s/ best .*//')
  stop=$(grep -E "network 0: " "$out/$task.log" | tail -1 | sed 's/^eirnn train: network 0: //')
  [ "$rc" = 124 ] && stop="not met within $cap s"
  echo "$task | $(( $(date +%s) - start )) s | $last | $stop | load $(cut -d' ' -f1 /proc/loadavg)"
done
