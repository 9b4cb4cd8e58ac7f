#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the main job use.
# Idempotent: packages already present are left alone; `apt-get update` runs at
# most once per invocation, and only when something is missing.
set -euo pipefail

PACKAGES=(
  # toolchain; clang with its sanitizer and libFuzzer runtimes and llvm-symbolizer
  # for the sanitizer tree (scripts/sanitize.sh); clang-format for scripts/format.sh;
  # ccache, through which scripts/build.sh compiles (the static host-platform
  # plugin tree then reuses the main tree's objects)
  cmake ninja-build g++ pkg-config git ca-certificates clang libclang-rt-14-dev llvm clang-format ccache
  # libraries
  libpqxx-dev libpq-dev libabsl-dev libgtest-dev libgmock-dev
  nlohmann-json3-dev libssl-dev libbenchmark-dev libcli11-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libflatbuffers-dev flatbuffers-compiler
  # database and runtime data
  postgresql-15 postgresql-client-15 tzdata util-linux procps time
  # independent peers in the tests: Node (npm packages below) and Go with
  # hashicorp/go-plugin, the client library Grafana launches plugins with
  nodejs
  libcpp-httplib-dev curl openssl zlib1g-dev
  # ingest benchmark: load generator and the reference-style baseline receiver
  wrk python3-flask python3-psycopg gunicorn
  golang-go golang-github-hashicorp-go-plugin-dev golang-github-hashicorp-go-hclog-dev
  golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev
  protoc-gen-go protoc-gen-go-grpc
  # frontend editor screenshots: headless Chromium driven by playwright-core
  chromium
  # the static plugin (DORA_STATIC): c-ares for host names, file(1) and
  # readelf to check the binaries; linux/arm64 cross-built with Debian's
  # cross compiler against the :arm64 multi-arch static archives, and run
  # under qemu-user (the static build, so it also runs in an empty chroot)
  libc-ares-dev binutils file
  g++-aarch64-linux-gnu qemu-user-static
  libgrpc++-dev:arm64 libgrpc-dev:arm64 libprotobuf-dev:arm64 libabsl-dev:arm64 libssl-dev:arm64
  libre2-dev:arm64 libc-ares-dev:arm64 zlib1g-dev:arm64 libflatbuffers-dev:arm64
)

if [ "$(id -u)" != 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

# The :arm64 packages need the architecture enabled (once; apt-get update then
# runs below because they are missing).
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup: dpkg --add-architecture arm64" >&2
  $SUDO dpkg --add-architecture arm64
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present" >&2
else
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The frontend toolchain (vitest, rollup, @grafana/* 11.6) needs Node.js 20 or
# newer; Debian 12's own nodejs package is 18. Say so instead of failing later.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version 2>/dev/null || echo missing) is too old: the frontend needs Node.js 20 or newer (with npm)" >&2
  exit 1
fi

# The PostgreSQL client static archives for both plugin platforms, unpacked
# from Debian's packages into .deps/ (they cannot be co-installed).
bash "$ROOT/scripts/static-deps.sh" amd64 arm64

# npm packages, exactly as locked; reinstalled only when the lockfile changes.
for dir in tests/node plugin/frontend; do
  lock=$ROOT/$dir/package-lock.json
  stamp=$ROOT/$dir/node_modules/.dora-lock.sha256
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: npm ci in $dir" >&2
    (cd "$ROOT/$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$stamp"
  fi
done
echo "setup: done" >&2
