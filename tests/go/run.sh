#!/usr/bin/env bash
# Launches the plugin with hashicorp/go-plugin's own client (Debian's Go
# packages, GOPATH mode, offline), the library Grafana starts plugins with.
#
# usage: tests/go/run.sh <build dir> <dora binary> binary <plugin binary>
#        tests/go/run.sh <build dir> <dora binary> zip <release zip>
#          (installs the zip into an empty plugins directory as Grafana's
#          installer does, then launches the binary Grafana would pick)
# env:   DORA_TEST_PG_URL (admin URL of the test cluster)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "$1" && pwd)
DORA_BINARY=$2
MODE=$3
TARGET=$4
GEN=$BUILD/go/gen
mkdir -p "$GEN/src/dora"
# Go bindings for the wire contract, generated (never committed).
protoc --proto_path="$ROOT/proto" \
  --go_out="$GEN/src/dora" --go_opt=paths=source_relative --go_opt=Mpluginv2/backend.proto=dora/pluginv2 \
  --go-grpc_out="$GEN/src/dora" --go-grpc_opt=paths=source_relative --go-grpc_opt=Mpluginv2/backend.proto=dora/pluginv2 \
  "$ROOT/proto/pluginv2/backend.proto"
export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$GEN:$ROOT/tests/go:/usr/share/gocode" GOCACHE="$BUILD/go/cache"
export DORA_BINARY
case "$MODE" in
  binary) DORA_PLUGIN_BIN=$TARGET go test -count=1 -v -run '^TestLaunchPingQueryKill$' doraplugin ;;
  zip) DORA_PLUGIN_ZIP=$TARGET go test -count=1 -v -run '^TestInstallFromZip$' doraplugin ;;
  *) echo "usage: $0 <build dir> <dora binary> binary|zip <path>" >&2; exit 2 ;;
esac
