#!/usr/bin/env bash
# Configures (once) and builds the project into build/ with CMake + Ninja.
# RelWithDebInfo with line tables only (-g1): backtraces keep function names
# and lines, and compiling is much cheaper than with full debug info (-g:
# the heaviest test file takes 12 s instead of 20 s); the static plugin trees
# inherit the same flags. For variables in a debugger, configure your own
# tree with -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG".
#
# Compiles through ccache when it is installed (scripts/setup.sh installs it),
# with the build directory as ccache's base_dir: paths under it are hashed
# relative to the compiling tree, so the static plugin tree of the host
# platform (build/plugin-linux-<arch>, same sources, same flags, its own
# generated headers and unity files at the same relative paths) hits the
# objects build/ compiled a moment before, even in a fresh clone with an empty
# cache. The working directory is not hashed (NOHASHDIR); depend mode: a miss
# costs no extra preprocessor run (the hash comes from the compiler's -MD
# dependency file). The cost: an object's debug info may name the other
# tree's directory as its compilation directory.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${DORA_BUILD_DIR:-$ROOT/build}
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=1 CCACHE_DEPEND=1
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
fi
cmake --build "$BUILD" -j "$(nproc)"
