#!/usr/bin/env bash
# Configures (once) and builds the project into build/ with CMake + Ninja.
# RelWithDebInfo with line tables only (-g1): backtraces keep function names
# and lines, and compiling is much cheaper than with full debug info (-g:
# the heaviest test file takes 12 s instead of 20 s); the static plugin trees
# inherit the same flags. For variables in a debugger, configure your own
# tree with -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG".
#
# Compiles through ccache when it is installed (scripts/setup.sh installs it):
# the static plugin tree of the host platform compiles the same sources with
# the same flags as build/, so with absolute paths (no base_dir) and without
# the working directory in the hash, nearly all of its objects are cache hits
# even in a fresh clone with an empty cache. Depend mode: a miss costs no
# extra preprocessor run (the hash comes from the compiler's -MD dependency
# file). The cost: an object's debug info may name the other tree's directory
# as its compilation directory (source paths stay absolute and correct).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${DORA_BUILD_DIR:-$ROOT/build}
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="" CCACHE_NOHASHDIR=1 CCACHE_DEPEND=1
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
fi
cmake --build "$BUILD" -j "$(nproc)"
