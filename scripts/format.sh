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
    # One run over every file; each violation is reported as
    # "<file>:<line>:<col>: error: code should be clang-formatted".
    status=0
    report=$("$CLANG_FORMAT" --style=file --dry-run -Werror "${files[@]}" 2>&1 >/dev/null) || status=$?
    if [ $status -ne 0 ]; then
      mapfile -t bad < <(printf '%s\n' "$report" | sed -n -E 's/^([^:]+):[0-9]+:[0-9]+: error: code should be clang-formatted.*/\1/p' | sort -u)
      if [ ${#bad[@]} -eq 0 ]; then
        printf '%s\n' "$report" >&2
        exit 1
      fi
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
