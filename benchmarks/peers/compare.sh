#!/usr/bin/env bash
# Side-by-side margin expansion: Halo (CLI, Java CPU path and OpenCL), SciPy and plastimatch on the same NIfTI files,
# in one run on this machine. Checks that the PTVs agree voxel for voxel, then prints one table (wall time as the
# median of RUNS whole processes, peak memory, ratio to Halo's CPU path) and adds it to benchmarks/RESULTS.md above the earlier dated sections.
#   benchmarks/peers/compare.sh [RUNS]        (default 3; needs root for apt-get when a peer is missing)
#   HALO_PEER_CASES="single-ctv:5" benchmarks/peers/compare.sh 1     (a quick subset; RESULTS.md is not touched)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d /tmp/halo-peers.XXXXXX)"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
need=()
"$py" -c 'import scipy, nibabel' 2>/dev/null || need+=(python3-scipy python3-nibabel)
command -v plastimatch >/dev/null || need+=(plastimatch)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} ..." >&2
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
"$root/halo" --version >/dev/null   # builds the jar and its start-up archive once
halo=("$root/halo")
scipy_version=$("$py" -c 'import scipy; print(scipy.__version__)')
pm_version=$(plastimatch --version 2>/dev/null | head -1 | tr -d '\n')

echo "== cases"
"$py" "$root/benchmarks/peers/peers.py" make "$work"

# time_cmd LABEL CMD... : RUNS runs; prints "median_s peak_mb"
time_cmd() {
  local times=() mems=()
  for _ in $(seq "$runs"); do
    local out
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1
    out=$(tail -1 "$work/time.txt")
    times+=("${out% *}")
    mems+=("${out#* }")
  done
  local med mem
  med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mem=$(printf '%s\n' "${mems[@]}" | sort -g | tail -1)
  echo "$med $((mem / 1024))"
}

table="$work/table.md"
echo "| case | margin (mm) | tool | wall time (s, median of $runs) | peak memory (MB) | time / Halo CPU | PTV voxels | agrees with Halo |" > "$table"
echo "|---|---|---|---|---|---|---|---|" >> "$table"
for spec in ${HALO_PEER_CASES:-five-spheres:2 five-spheres:5 single-ctv:5 thick-slices:5 scattered:5}; do
  case_name="${spec%%:*}"; m="${spec##*:}"
  in="$work/$case_name.nii"
  echo "== $case_name, margin $m mm"
  ref="$work/$case_name-$m-halo-cpu.nii"
  declare -A t=() mem=() out=()
  read -r t[halo-cpu] mem[halo-cpu] < <(time_cmd "${halo[@]}" expand --in "$in" --out "$ref" --margin-mm "$m" --device cpu)
  out[halo-cpu]="$ref"
  if "${halo[@]}" devices 2>/dev/null | grep -q '^opencl:'; then
    out[halo-opencl]="$work/$case_name-$m-halo-opencl.nii"
    read -r t[halo-opencl] mem[halo-opencl] < <(time_cmd "${halo[@]}" expand --in "$in" --out "${out[halo-opencl]}" --margin-mm "$m" --device opencl)
  fi
  out[scipy]="$work/$case_name-$m-scipy.nii"
  read -r t[scipy] mem[scipy] < <(time_cmd "$py" "$root/benchmarks/peers/peers.py" scipy "$in" "${out[scipy]}" "$m")
  out[plastimatch]="$work/$case_name-$m-plastimatch.nii"
  below=$(awk -v m="$m" 'BEGIN {printf "%.6f", m + 0.0001}')
  read -r t[plastimatch] mem[plastimatch] < <(time_cmd bash -c "plastimatch dmap --input '$in' --output '$work/dmap.nii' --algorithm maurer && plastimatch threshold --input '$work/dmap.nii' --output '${out[plastimatch]}' --below $below")
  for tool in halo-cpu halo-opencl scipy plastimatch; do
    [ -n "${t[$tool]:-}" ] || continue
    voxels=$("$py" -c "import nibabel as n, numpy as np; print(int((np.asarray(n.load('${out[$tool]}').dataobj) != 0).sum()))")
    if [ "$tool" = halo-cpu ]; then agree="—"; elif "$py" "$root/benchmarks/peers/peers.py" same "$ref" "${out[$tool]}" > "$work/diff.txt"; then agree="identical"; else agree="NO: $(cat "$work/diff.txt")"; fi
    ratio=$(awk -v a="${t[$tool]}" -v b="${t[halo-cpu]}" 'BEGIN {printf "%.1f×", a / b}')
    echo "| $case_name | $m | $tool | ${t[$tool]} | ${mem[$tool]} | $ratio | $voxels | $agree |" | tee -a "$table"
  done
  unset t mem out
done

if [ -n "${HALO_PEER_CASES:-}" ]; then cat "$table"; exit 0; fi
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); SciPy $scipy_version; $pm_version"
section="$(mktemp)"
{
  echo "## $(date -u +%Y-%m-%d) — side by side with SciPy and plastimatch (benchmarks/peers/compare.sh)"
  echo
  echo "Machine: $machine. Whole processes (JVM or Python start, NIfTI read, margin, NIfTI write), uncompressed .nii, $runs runs each, all in this one run."
  echo
  cat "$table"
  echo
} > "$section"
# RESULTS.md keeps its dated sections newest first: the new one goes before the first of them.
results="$root/benchmarks/RESULTS.md"
awk -v section="$section" 'BEGIN { done = 0 } !done && /^## [0-9][0-9][0-9][0-9]-/ { while ((getline line < section) > 0) print line; done = 1 } { print }
  END { if (!done) while ((getline line < section) > 0) print line }' "$results" > "$results.new" && mv "$results.new" "$results"
rm -f "$section"
echo
cat "$table"
echo "added to benchmarks/RESULTS.md, above the earlier dated sections"
