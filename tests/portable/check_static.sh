#!/usr/bin/env bash
# Every plugin binary in a bundle directory is self-contained: fully static
# (no dynamic section, so no NEEDED library and no ELF interpreter), for the
# machine its name says, and executable.
#
# usage: tests/portable/check_static.sh <dist dir>
set -euo pipefail
DIST=$1
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
shopt -s nullglob
binaries=("$DIST"/gpx_dora_linux_*)
[ ${#binaries[@]} -gt 0 ] || { echo "FAIL no gpx_dora_linux_* in $DIST"; exit 1; }
for bin in "${binaries[@]}"; do
  name=$(basename "$bin")
  case "$name" in
    gpx_dora_linux_amd64) machine="Advanced Micro Devices X86-64"; file_arch="x86-64" ;;
    gpx_dora_linux_arm64) machine="AArch64"; file_arch="ARM aarch64" ;;
    *) fail "$name: unexpected platform"; continue ;;
  esac
  [ -x "$bin" ] || fail "$name is not executable"
  dynamic=$(readelf -d "$bin" 2>&1)
  if ! grep -q "There is no dynamic section" <<<"$dynamic"; then
    fail "$name has a dynamic section:"; echo "$dynamic" | grep NEEDED || true
  fi
  if readelf -l "$bin" | grep -q "INTERP"; then fail "$name asks for an ELF interpreter"; fi
  readelf -h "$bin" | grep -q "Machine: *$machine" || fail "$name is not for $machine: $(readelf -h "$bin" | grep Machine)"
  description=$(file -b "$bin")
  grep -q "statically linked" <<<"$description" || fail "$name: file says: $description"
  grep -q "$file_arch" <<<"$description" || fail "$name: file says: $description"
  echo "$name: $description; $(stat -c %s "$bin") bytes"
done
[ $failures = 0 ] || exit 1
echo "${#binaries[@]} static binaries"
