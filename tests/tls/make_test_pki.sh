#!/usr/bin/env bash
# A throwaway PKI for the TLS tests, made with openssl:
#   ca.crt / ca.key              the test CA
#   server.crt / server.key      PostgreSQL's certificate, signed by the CA, for the
#                                names localhost and db.dora.test (no IP address:
#                                connecting to 127.0.0.1 with verify-full must fail)
#   client.crt / client.key      a client certificate for the role dora_tls_client
#   other-ca.crt                 an unrelated CA (verify-full against it must fail)
#
# usage: tests/tls/make_test_pki.sh <dir>    (does nothing when <dir>/ca.crt exists)
set -euo pipefail
DIR=$1
[ -f "$DIR/ca.crt" ] && exit 0
mkdir -p "$DIR"
cd "$DIR"
sub() { openssl "$@" 2>/dev/null; }
days=3650
sub req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days $days \
  -subj "/CN=DORA test CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
sub req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other-ca.key -out other-ca.crt -days $days \
  -subj "/CN=Unrelated CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
issue() {  # name subject extensions
  sub req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2"
  printf '%s\n' "$3" >"$1.ext"
  sub x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days $days -sha256 -extfile "$1.ext"
  rm -f "$1.csr" "$1.ext"
}
issue server "/CN=db.dora.test" "subjectAltName=DNS:localhost,DNS:db.dora.test
extendedKeyUsage=serverAuth"
issue client "/CN=dora_tls_client" "extendedKeyUsage=clientAuth"
chmod 600 ./*.key
echo "test PKI in $DIR" >&2
