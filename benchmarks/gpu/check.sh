#!/usr/bin/env bash
# Halo GPU check: needs no Java and no network. Run from the unpacked bundle (see build-bundle.sh):
#   halo-gpu-check/check.sh [OUT_DIR]
# Prints the OpenCL devices, checks CPU/OpenCL parity on clinical-size inputs, runs the JMH benchmarks in a short
# configuration and prints one table (device, operation, size, time, ratio to CPU). About 6-8 minutes.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/results}"
mkdir -p "$out"
java="$here/runtime/bin/java"
jar="$here/benchmarks.jar"
export HALO_CACHE_DIR="$out/cache"

# JOCL opens only the unversioned libOpenCL.so; GPU drivers often ship just libOpenCL.so.1.
if ! ldconfig -p 2>/dev/null | grep -q 'libOpenCL.so '; then
  one=$(ldconfig -p 2>/dev/null | awk '/libOpenCL.so.1 /{print $NF; exit}')
  if [ -n "$one" ]; then
    mkdir -p "$out/lib" && ln -sf "$one" "$out/lib/libOpenCL.so"
    export LD_LIBRARY_PATH="$out/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
# OpenCL drivers may install signal handlers over the JVM's (PoCL does, for SIGFPE): keep PoCL's off, and chain any
# other driver's (libjsig; the JVM then warns once that signal() chaining is deprecated, which is harmless here).
export POCL_SIGFPE_HANDLER="${POCL_SIGFPE_HANDLER:-0}"
if [ -f "$here/runtime/lib/libjsig.so" ]; then export LD_PRELOAD="$here/runtime/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"; fi
jvm=(-Xms8g -Xmx8g -XX:+UseParallelGC -Djava.io.tmpdir="$out" -DuniqueLibraryNames=true)

echo "== machine"
(nvidia-smi --query-gpu=name,driver_version,memory.total,pcie.link.gen.current --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not available") | sed 's/^/  /'
echo "  CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"

echo "== OpenCL devices"
"$java" "${jvm[@]}" -cp "$jar" org.halo.bench.GpuCheck devices | tee "$out/devices.txt"
if [ "${PIPESTATUS[0]}" -eq 3 ]; then echo "No OpenCL platform: nothing more to check."; exit 3; fi

echo "== parity: CPU path vs OpenCL"
"$java" "${jvm[@]}" -cp "$jar" org.halo.bench.GpuCheck parity | tee "$out/parity.txt"
parity=${PIPESTATUS[0]}

echo "== JMH (short): CPU vs OpenCL, full grid and single 3 cm CTV"
timeout 480 "$java" -Xmx512m -Djava.io.tmpdir="$out" -DuniqueLibraryNames=true -jar "$jar" 'BackendBenchmark|MetricsBenchmark|MissBenchmark|SubvoxelBenchmark' -p input=full,singleCtv \
  -wi 2 -w 1 -i 3 -r 1 -f 1 -jvmArgsPrepend "-DuniqueLibraryNames=true -Djava.io.tmpdir=$out" \
  -rf csv -rff "$out/jmh.csv" > "$out/jmh.txt" 2>&1
echo "  (JMH exit $?; full log in $out/jmh.txt)"

echo "== results"
"$java" "${jvm[@]}" -cp "$jar" org.halo.bench.GpuCheck table "$out/jmh.csv" | tee "$out/table.txt"
exit "$parity"
