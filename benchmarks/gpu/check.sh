#!/usr/bin/env bash
# Halo GPU check: needs no Java and no network. Run from the unpacked bundle (see build-bundle.sh):
#   halo-gpu-check/check.sh [OUT_DIR [BENCHMARK SECONDS JMH-OPTIONS...]]
# Prints the OpenCL devices, checks CPU/OpenCL parity on clinical-size inputs, runs the JMH benchmarks in a short
# configuration and prints one table (device, operation, size, time, ratio to CPU). About 4 minutes on an H100 machine.
# With BENCHMARK (a JMH regular expression, e.g. 'BackendBenchmark.(deviceResident|endToEnd)' -p input=full), only
# that JMH run (limited to SECONDS) follows the parity step: a quick re-measurement after a kernel change. With
# HALO_CHECK_SKIP_PARITY=1 the parity step is skipped (for timing an earlier build's bundle in the same session); with
# HALO_CHECK_COHORT=PATIENTS a whole synthetic cohort runs on the device after the benchmarks (the cohort issue's goal).
# OUT_DIR receives only check.log, table.txt and one jmh-<Benchmark>.csv per benchmark class; scratch (JOCL's native
# library, the program cache, loader links) goes to a temporary folder.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/results}"
shift || true
mkdir -p "$out"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/halo-gpu-check.XXXXXX")"
exec > >(tee "$out/check.log") 2>&1
java="$here/runtime/bin/java"
jar="$here/benchmarks.jar"
export HALO_CACHE_DIR="$scratch/cache"
started=$(date +%s)

echo "== machine"
(nvidia-smi --query-gpu=name,driver_version,memory.total,pcie.link.gen.current --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not available") | sed 's/^/  /'
echo "  CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"

# OpenCL loader: JOCL opens only the unversioned libOpenCL.so. Use the system's loader where there is one, else the
# ocl-icd loader the bundle carries (GPU images often have the driver but no loader).
mkdir -p "$scratch/lib"
loader=$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 /{print $NF; exit}')
[ -z "$loader" ] && [ -f "$here/lib/libOpenCL.so.1" ] && loader="$here/lib/libOpenCL.so.1"
if [ -n "$loader" ]; then
  ln -sf "$loader" "$scratch/lib/libOpenCL.so"
  export LD_LIBRARY_PATH="$scratch/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
echo "  OpenCL loader: ${loader:-none found}"
# Vendor driver: where no registered ICD names NVIDIA's OpenCL library (containers often mount the driver without
# /etc/OpenCL/vendors/nvidia.icd), point the loader at it directly.
if ! grep -qs nvidia /etc/OpenCL/vendors/*.icd; then
  icd=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1 /{print $NF; exit}')
  [ -z "$icd" ] && icd=$(find /usr/local/nvidia /usr/lib /usr/lib64 /usr/local/lib /lib -name 'libnvidia-opencl.so.1' 2>/dev/null | head -1)
  if [ -n "$icd" ]; then
    export OCL_ICD_FILENAMES="$icd${OCL_ICD_FILENAMES:+:$OCL_ICD_FILENAMES}"
    export LD_LIBRARY_PATH="$(dirname "$icd"):$LD_LIBRARY_PATH"
  fi
  echo "  NVIDIA OpenCL driver: ${icd:-not found} (not registered in /etc/OpenCL/vendors)"
else
  echo "  NVIDIA OpenCL driver: registered in /etc/OpenCL/vendors"
fi
# OpenCL drivers may install signal handlers over the JVM's (PoCL does, for SIGFPE): keep PoCL's off.
export POCL_SIGFPE_HANDLER="${POCL_SIGFPE_HANDLER:-0}"
jvm=(-Xms8g -Xmx8g -XX:+UseParallelGC -Djava.io.tmpdir="$scratch" -DuniqueLibraryNames=true)

echo "== OpenCL devices"
"$java" "${jvm[@]}" -cp "$jar" org.halo.bench.GpuCheck devices
if [ $? -eq 3 ]; then echo "No OpenCL platform: nothing more to check."; exit 3; fi

parity=0
if [ -n "${HALO_CHECK_SKIP_PARITY:-}" ]; then
  echo "== parity: skipped (HALO_CHECK_SKIP_PARITY is set: timing an earlier build beside the current one)"
else
  echo "== parity: CPU path vs OpenCL"
  "$java" "${jvm[@]}" -cp "$jar" org.halo.bench.GpuCheck parity
  parity=$?
  echo "  (parity done after $(( $(date +%s) - started )) s)"
fi

echo "== margin passes on the device, one by one"
"$java" "${jvm[@]}" -cp "$jar" org.halo.bench.GpuCheck stages

# One JMH run per class, each with its own time limit and CSV, so that one slow class cannot cost the others' results.
echo "== JMH (short): CPU vs OpenCL"
run_jmh() { # BENCHMARK SECONDS JMH-ARGS...
  local name="$1" limit="$2" file; shift 2
  file=$(printf '%s' "${name%%.*}" | tr -c 'A-Za-z0-9_-' '_')
  timeout "$limit" "$java" -Xmx512m -Djava.io.tmpdir="$scratch" -DuniqueLibraryNames=true -jar "$jar" "$name" "$@" \
    -wi 2 -w 1 -i 3 -r 1 -f 1 -jvmArgsPrepend "-DuniqueLibraryNames=true -Djava.io.tmpdir=$scratch" \
    -rf csv -rff "$out/jmh-$file.csv" > "$scratch/jmh-$file.txt" 2>&1
  local rc=$?
  echo "  $name: exit $rc after $(( $(date +%s) - started )) s"
  [ $rc -ne 0 ] && tail -20 "$scratch/jmh-$file.txt" | sed 's/^/    /'
}
if [ $# -gt 0 ]; then
  run_jmh "$@"
else
  run_jmh BackendBenchmark 200 -p input=full,singleCtv
  run_jmh MissBenchmark 120
  run_jmh SubvoxelBenchmark 60
  run_jmh MetricsBenchmark 60
fi

# HALO_CHECK_COHORT=PATIENTS: also the cohort issue's goal on the device (a synthetic cohort, the default study of
# 3 regimens × 5 margins × 2 000 scenarios, one job per core on the one device; 34 patients make about 100 targets).
# A line at every tenth of the manifest's structure sets, so that a run stopped by HALO_CHECK_COHORT_SECONDS still says how far it got.
# HALO_CHECK_COHORT_CORES=N pins that run to the first N cores with N jobs (the goal is stated for 2 cores).
if [ -n "${HALO_CHECK_COHORT:-}" ]; then
  cores="${HALO_CHECK_COHORT_CORES:-$(nproc)}"
  if ! [[ "$cores" =~ ^[1-9][0-9]*$ ]] || [ "$cores" -gt "$(nproc)" ]; then
    echo "HALO_CHECK_COHORT_CORES=$cores: expected a whole number of cores from 1 to $(nproc); using $(nproc)"
    cores="$(nproc)"
  fi
  pin=()
  where="$cores cores"
  if [ "$cores" != "$(nproc)" ]; then
    if command -v taskset >/dev/null; then pin=(taskset -c "0-$((cores - 1))"); else where="all $(nproc) cores (taskset not found)"; fi
  fi
  echo "== cohort run on the device: $HALO_CHECK_COHORT patients, 2 000 scenarios a row, $cores jobs on $where"
  timeout "${HALO_CHECK_COHORT_SECONDS:-300}" ${pin[@]+"${pin[@]}"} "$java" "${jvm[@]}" -cp "$jar" org.halo.bench.CohortRunBenchmark "$scratch/cohort" \
    "$HALO_CHECK_COHORT" 2000 "$cores" opencl 2>&1 | grep -v ' INFO ' | sed 's/^/  /'
  echo "  (cohort done after $(( $(date +%s) - started )) s)"
fi

echo "== results"
"$java" "${jvm[@]}" -cp "$jar" org.halo.bench.GpuCheck table "$out"/jmh-*.csv | tee "$out/table.txt"
echo "  (check done after $(( $(date +%s) - started )) s)"
rm -rf "$scratch"
exit "$parity"
