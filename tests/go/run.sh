#!/usr/bin/env bash
# Launches the built plugin with hashicorp/go-plugin's own client (Debian's Go
# packages, GOPATH mode, offline), the library Grafana starts plugins with.
#
# usage: tests/go/run.sh <build dir> <plugin binary> <dora binary>
# env:   DORA_TEST_PG_URL (admin URL of the test cluster)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "$1" && pwd)
GEN=$BUILD/go/gen
mkdir -p "$GEN/src/dora"
# Go bindings for the wire contract, generated (never committed).
protoc --proto_path="$ROOT/proto" \
  --go_out="$GEN/src/dora" --go_opt=paths=source_relative --go_opt=Mpluginv2/backend.proto=dora/pluginv2 \
  --go-grpc_out="$GEN/src/dora" --go-grpc_opt=paths=source_relative --go-grpc_opt=Mpluginv2/backend.proto=dora/pluginv2 \
  "$ROOT/proto/pluginv2/backend.proto"
export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$GEN:$ROOT/tests/go:/usr/share/gocode" GOCACHE="$BUILD/go/cache"
DORA_PLUGIN_BIN=$2 DORA_BINARY=$3 go test -count=1 -v doraplugin
