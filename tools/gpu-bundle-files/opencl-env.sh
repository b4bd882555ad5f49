# Sourced by the bundle's eirnn and run.sh (bash): points the bundled OpenCL ICD loader (lib/libOpenCL.so.1) at
# this machine's vendor driver. Defines eirnn_opencl_env, which
#   - collects the vendor libraries: $EIRNN_OPENCL_VENDOR (colon-separated paths) when set, else the library of
#     every ICD file under /etc/OpenCL/vendors, plus, when none of them is NVIDIA's, libnvidia-opencl.so.1 from
#     LD_LIBRARY_PATH, /usr/local/nvidia or ldconfig's cache (NVIDIA containers mount the driver without an ICD
#     file);
#   - writes one ICD file per library into a fresh temporary folder ($EIRNN_ICD_DIR, the caller removes it) and
#     exports OCL_ICD_VENDORS pointing at it, so the loader sees exactly these drivers;
#   - puts the bundled loader first on LD_LIBRARY_PATH.
# Returns 1, with the reason in $EIRNN_OPENCL_PROBLEM, when no vendor library is found (the folder is then empty).

eirnn_bundle_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The library each ICD file under /etc/OpenCL/vendors names (a path or a soname), one per line.
# EIRNN_SYSTEM_ICD_DIR replaces that folder (tests use it to show a machine without a driver).
eirnn_icd_entries() {
  local f line
  for f in "${EIRNN_SYSTEM_ICD_DIR:-/etc/OpenCL/vendors}"/*.icd; do
    [ -f "$f" ] || continue
    line=""
    read -r line < "$f" || true
    [ -n "$line" ] && printf '%s\n' "$line"
  done
  return 0
}

# The first libnvidia-opencl.so.1 on LD_LIBRARY_PATH, under /usr/local/nvidia, in the usual library folders or in
# ldconfig's cache; nothing when there is none.
eirnn_find_nvidia() {
  local d
  local IFS=:
  for d in ${LD_LIBRARY_PATH:-} /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64; do
    if [ -n "$d" ] && [ -f "$d/libnvidia-opencl.so.1" ]; then
      printf '%s\n' "$d/libnvidia-opencl.so.1"
      return 0
    fi
  done
  unset IFS
  local ldconfig
  ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
  if [ -x "$ldconfig" ]; then
    "$ldconfig" -p 2>/dev/null | awk '$1 == "libnvidia-opencl.so.1" && $NF ~ /^\// { print $NF; exit }'
  fi
  return 0
}

eirnn_opencl_env() {
  local libs=() lib n=0
  if [ -n "${EIRNN_OPENCL_VENDOR:-}" ]; then
    local IFS=:
    for lib in $EIRNN_OPENCL_VENDOR; do
      if [ ! -f "$lib" ]; then
        EIRNN_OPENCL_PROBLEM="EIRNN_OPENCL_VENDOR names '$lib', which is not a file"
        return 1
      fi
      libs+=("$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")")
    done
    unset IFS
  else
    mapfile -t libs < <(eirnn_icd_entries)
    # An NVIDIA driver without an ICD file (containers): its library by path. Only when no ICD file names it,
    # so that no driver is listed twice.
    if ! printf '%s\n' "${libs[@]}" | grep -q 'libnvidia-opencl'; then
      lib="$(eirnn_find_nvidia)"
      [ -n "$lib" ] && libs+=("$lib")
    fi
  fi
  # The bundled loader sees exactly these drivers (none: an empty folder, so no platform, as the message says).
  EIRNN_ICD_DIR="$(mktemp -d "${TMPDIR:-/tmp}/eirnn-icd.XXXXXX")"
  export OCL_ICD_VENDORS="$EIRNN_ICD_DIR"
  export LD_LIBRARY_PATH="$eirnn_bundle_dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if [ "${#libs[@]}" -eq 0 ]; then
    EIRNN_OPENCL_PROBLEM="no OpenCL vendor driver found: no ICD file under ${EIRNN_SYSTEM_ICD_DIR:-/etc/OpenCL/vendors}, \
and no libnvidia-opencl.so.1 on LD_LIBRARY_PATH, in ldconfig's cache or under /usr/local/nvidia. Install the GPU \
driver's OpenCL part, or name the library: EIRNN_OPENCL_VENDOR=/path/to/libvendor-opencl.so (run.sh: --vendor-lib PATH)"
    return 1
  fi
  for lib in "${libs[@]}"; do
    n=$((n + 1))
    printf '%s\n' "$lib" > "$EIRNN_ICD_DIR/vendor$n.icd"
  done
  EIRNN_OPENCL_LIBS="${libs[*]}"
  return 0
}
