#!/usr/bin/env bash
# Static archives of the PostgreSQL client libraries for the static plugin
# builds, for each Debian architecture given (default: amd64 arm64).
#
#   scripts/static-deps.sh [amd64] [arm64]
#
# libpq-dev, libpqxx-dev and postgresql-server-dev-15 (which holds
# libpgcommon.a and libpgport.a, needed by libpq.a) are not multi-arch
# co-installable, and postgresql-server-dev-15 pulls in clang and LLVM. So
# their Debian packages are downloaded with apt and unpacked, not installed,
# into .deps/static-<arch>/ (usr/include, usr/lib/...). Idempotent: a stamp
# records the package versions; nothing is fetched when they are current.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PACKAGES=(libpq-dev libpqxx-dev postgresql-server-dev-15)
ARCHES=("$@")
[ ${#ARCHES[@]} -gt 0 ] || ARCHES=(amd64 arm64)

candidate() { apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p'; }
updated=0
for arch in "${ARCHES[@]}"; do
  dest=$ROOT/.deps/static-$arch
  specs=()
  for p in "${PACKAGES[@]}"; do
    v=$(candidate "$p:$arch")
    if { [ -z "$v" ] || [ "$v" = "(none)" ]; } && [ $updated = 0 ]; then
      apt-get update -qq  # package lists removed, or the architecture just added
      updated=1
      v=$(candidate "$p:$arch")
    fi
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then
      echo "static-deps: no $p for $arch in the apt sources (for arm64: dpkg --add-architecture arm64 && apt-get update)" >&2
      exit 1
    fi
    specs+=("$p:$arch=$v")
  done
  want=$(printf '%s\n' "${specs[@]}")
  if [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$want" ]; then
    continue
  fi
  echo "static-deps: unpacking ${specs[*]} into $dest" >&2
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get -qq -o APT::Sandbox::User=root download "${specs[@]}")
  rm -rf "$dest"
  mkdir -p "$dest"
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$dest"; done
  rm -rf "$tmp"
  printf '%s\n' "$want" >"$dest/.stamp"
done
