#!/usr/bin/env bash
# All JMH benchmarks in one command:  benchmarks/run.sh [short|full] [JMH options...]
#   short  1 fork, 1 × 1 s warm-up, 2 × 1 s measurement: a few minutes on a 2-core CI-sized machine
#   full   the settings in the benchmark classes (forks, 3 × 2 s warm-up, 5 × 2 s measurement): about half an hour
# Benchmarks: MarginBenchmark (CPU margins and distance field on the clinical grid), BackendBenchmark (Java CPU vs
# OpenCL: device-resident, end-to-end, cold start, distance field), MetricsBenchmark (DVH, surface distances),
# MissBenchmark (geographic-miss Monte Carlo, 10 000 scenarios × 5 fractions, CPU vs OpenCL), SubvoxelBenchmark
# (sub-voxel margin of the single 3 cm CTV against the voxel-centre one).
# Results go to benchmarks/target/jmh-<profile>.json as well as the terminal.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
profile="${1:-short}"
shift || true
(cd "$root" && ./mvnw -q -B -DskipTests package)
case "$profile" in
  short) opts=(-f 1 -wi 1 -w 1 -i 2 -r 1) ;;
  full) opts=() ;;
  *) echo "usage: benchmarks/run.sh [short|full] [JMH options]" >&2; exit 2 ;;
esac
# PoCL installs a SIGFPE handler over the JVM's own when it loads; this keeps it from doing so in every forked JVM.
export POCL_SIGFPE_HANDLER="${POCL_SIGFPE_HANDLER:-0}"
exec java -jar "$root/benchmarks/target/benchmarks.jar" "${opts[@]}" -rf json -rff "$root/benchmarks/target/jmh-$profile.json" "$@" \
  'MarginBenchmark|BackendBenchmark|MetricsBenchmark|MissBenchmark|SubvoxelBenchmark'
