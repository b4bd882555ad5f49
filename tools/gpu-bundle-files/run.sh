#!/usr/bin/env bash
# The GPU bundle's test run: lists the OpenCL devices, runs `eirnn check` on all of them, then `eirnn bench` on each
# (forward, train and LIF at N = 200 and 1000, many trials in flight). Everything goes into OUT_DIR:
#   devices.txt, check.txt, bench-opencl_P_D.csv (one per device), run.log (all of it, with the times).
# Exit status 0 when check passed and every bench ran; 1 otherwise (the files keep whatever was done).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<USAGE
usage: run.sh [options] OUT_DIR
  --vendor-lib PATH     the vendor's OpenCL library (default: ICD files under /etc/OpenCL/vendors, else
                        libnvidia-opencl.so.1 on the library path or under /usr/local/nvidia); also EIRNN_OPENCL_VENDOR
  --quick               a short run (one in-flight count of 16, 0.2 s per configuration): to see that it works
  --N LIST              network sizes (default 200,1000)
  --in-flight LIST      trials in flight for train and forward (default 256,4096,16384)
  --lif-in-flight LIST  trials in flight for LIF (default 256,2048)
  --seconds S           time per bench configuration (default 2)
  --timeout S           limit of each bench stage (forward, train, lif) in seconds; the rows done so far
                        are kept (default 120, so a full run takes at most about 7 minutes)
USAGE
}

fail() {
  echo "run.sh: $*" >&2
  exit 1
}

sizes="200,1000"; rate_in_flight="256,4096,16384"; lif_in_flight="256,2048"; seconds="2"; stage_limit="120"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --vendor-lib) [ $# -ge 2 ] || fail "--vendor-lib needs a path"; export EIRNN_OPENCL_VENDOR="$2"; shift 2 ;;
    --quick) rate_in_flight="16"; lif_in_flight="16"; seconds="0.2"; shift ;;
    --N) [ $# -ge 2 ] || fail "--N needs a list"; sizes="$2"; shift 2 ;;
    --in-flight) [ $# -ge 2 ] || fail "--in-flight needs a list"; rate_in_flight="$2"; shift 2 ;;
    --lif-in-flight) [ $# -ge 2 ] || fail "--lif-in-flight needs a list"; lif_in_flight="$2"; shift 2 ;;
    --seconds) [ $# -ge 2 ] || fail "--seconds needs a number"; seconds="$2"; shift 2 ;;
    --timeout) [ $# -ge 2 ] || fail "--timeout needs seconds"; stage_limit="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; fail "unknown option '$1'" ;;
    *) [ -z "$out" ] || fail "one OUT_DIR only (got '$out' and '$1')"; out="$1"; shift ;;
  esac
done
[ -n "$out" ] || { usage >&2; fail "OUT_DIR is missing"; }
[[ "$stage_limit" =~ ^[0-9]+$ ]] || fail "--timeout '$stage_limit' is not valid: expected whole seconds"

# The vendor driver must exist before anything runs: this run is about the GPU.
# shellcheck source=opencl-env.sh
. "$here/opencl-env.sh"
EIRNN_ICD_DIR=""
found=0
eirnn_opencl_env && found=1
[ -z "$EIRNN_ICD_DIR" ] || rm -rf "$EIRNN_ICD_DIR"   # ./eirnn writes its own; this only checks that a driver is there
[ "$found" -eq 1 ] || fail "$EIRNN_OPENCL_PROBLEM"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
log="$out/run.log"
: > "$log"
say() {
  printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$log" >&2
}
say "bundle $here; vendor OpenCL: $EIRNN_OPENCL_LIBS; output $out"

status=0
say "devices"
"$here/eirnn" devices 2>&1 | tee "$out/devices.txt" | tee -a "$log" || fail "eirnn devices failed (see $log)"
devices="$(awk '/^opencl:[0-9]+:[0-9]+ / { print $1 }' "$out/devices.txt")"
[ -n "$devices" ] || fail "the vendor library loaded no OpenCL device (see $out/devices.txt)"

say "check --device all"
if ! "$here/eirnn" check --device all 2>&1 | tee "$out/check.txt" | tee -a "$log"; then
  status=1
  say "check FAILED (see $out/check.txt); the benches still run"
fi

# One bench stage: eirnn bench with a time limit; its csv rows are appended as they come.
bench_stage() {
  local device="$1" works="$2" in_flight="$3" csv="$4" rc=0
  say "bench $device: $works, N $sizes, in flight $in_flight"
  timeout -k 10 "$stage_limit" "$here/eirnn" bench --device "$device" --work "$works" --N "$sizes" \
      --in-flight "$in_flight" --seconds "$seconds" --csv > "$csv.part" 2>> "$log" || rc=$?
  if [ -s "$csv" ]; then tail -n +2 "$csv.part" >> "$csv"; else cat "$csv.part" > "$csv"; fi
  rm -f "$csv.part"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    say "bench $device $works: stopped after ${stage_limit}s (--timeout); the rows done are in $csv"
    status=1
  elif [ "$rc" -ne 0 ]; then
    say "bench $device $works: failed with status $rc (see $log)"
    status=1
  fi
}

for d in $devices; do
  csv="$out/bench-${d//:/_}.csv"
  rm -f "$csv"
  # one stage per kind of work, so that a slow one (which its time limit stops) does not cost the others' rows
  bench_stage "$d" forward "$rate_in_flight" "$csv"
  bench_stage "$d" train "$rate_in_flight" "$csv"
  bench_stage "$d" lif "$lif_in_flight" "$csv"
  cat "$csv" >> "$log"
done
say "done (status $status): $(cd "$out" && ls | tr '\n' ' ')"
exit "$status"
