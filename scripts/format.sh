#!/usr/bin/env bash
# C++ formatting with the checked-in .clang-format (Google base, 120 columns).
#   scripts/format.sh check   fails, listing the files, when any tracked C++ file differs
#   scripts/format.sh fix     rewrites them in place
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
mapfile -t files < <(git ls-files -- '*.cc' '*.h' | grep -v '^plugin/frontend/node_modules/')
case "${1:-check}" in
  fix)
    "$CLANG_FORMAT" -i --style=file "${files[@]}"
    ;;
  check)
    bad=()
    for f in "${files[@]}"; do
      if ! "$CLANG_FORMAT" --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
    done
    if [ ${#bad[@]} -gt 0 ]; then
      echo "not clang-formatted (run: bash scripts/format.sh fix):" >&2
      printf '  %s\n' "${bad[@]}" >&2
      exit 1
    fi
    echo "${#files[@]} C++ files formatted as .clang-format says"
    ;;
  *)
    echo "usage: scripts/format.sh check|fix" >&2
    exit 2
    ;;
esac
