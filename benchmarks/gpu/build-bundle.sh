#!/usr/bin/env bash
# Builds the self-contained GPU check bundle (run on a machine with JDK 17 and network access to Maven Central):
#   benchmarks/gpu/build-bundle.sh   →   benchmarks/target/halo-gpu-check.tar.gz  (≤ 64 MiB)
# It holds a jlink'ed Java runtime, the benchmarks jar (Halo + JOCL + JMH) and check.sh. Copy it to the GPU machine
# and run:  tar xzf halo-gpu-check.tar.gz && halo-gpu-check/check.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./mvnw -q -B -DskipTests package
out="$root/benchmarks/target/halo-gpu-check"
rm -rf "$out" "$out.tar.gz"
mkdir -p "$out"
# Modules: java.management for JMH, jdk.unsupported for JOCL/ImgLib2 internals, java.logging for JOCL, jdk.zipfs for JMH,
# java.sql for DuckDB (the cohort step).
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported,java.xml,jdk.zipfs,java.sql \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/runtime"
cp benchmarks/target/benchmarks.jar "$out/"
# DuckDB's jar carries its native library for four platforms (most of the bundle's size): keep the GPU machines' one.
arch="${HALO_BUNDLE_ARCH:-linux_amd64}"
if command -v zip >/dev/null; then
  others=$(unzip -Z1 "$out/benchmarks.jar" 'libduckdb_java.so_*' | grep -v "_$arch\$" || true)
  [ -n "$others" ] && zip -q -d "$out/benchmarks.jar" $others
else
  echo "note: zip not found; the bundle keeps DuckDB's native libraries for every platform and may exceed 64 MiB" >&2
fi
cp benchmarks/gpu/check.sh "$out/"
# The ocl-icd OpenCL loader (BSD-2-Clause, ~50 kB), used only where the GPU machine has a driver but no loader.
# Optional: needs Debian/Ubuntu's apt-get here; without it the bundle relies on the GPU machine's loader.
if command -v apt-get >/dev/null && command -v dpkg >/dev/null; then
  deb="$(mktemp -d)"
  if (cd "$deb" && apt-get download -q ocl-icd-libopencl1 >/dev/null 2>&1); then
    dpkg -x "$deb"/ocl-icd-libopencl1_*.deb "$deb/x"
    mkdir -p "$out/lib"
    cp -L "$deb"/x/usr/lib/*/libOpenCL.so.1 "$out/lib/"
  else
    echo "note: could not download ocl-icd-libopencl1; the bundle will use the GPU machine's OpenCL loader" >&2
  fi
  rm -rf "$deb"
fi
chmod +x "$out/check.sh"
tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
size=$(stat -c %s "$out.tar.gz")
echo "bundle: $out.tar.gz ($((size / 1048576)) MiB; unpacked $(du -sm "$out" | cut -f1) MiB)"
if [ "$size" -gt $((64 * 1048576)) ]; then echo "bundle exceeds 64 MiB" >&2; exit 1; fi
