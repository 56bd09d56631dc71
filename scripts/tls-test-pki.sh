#!/usr/bin/env bash
# Makes the throwaway certificates that tests/integration/suites/tls.sh uses, with the openssl
# command-line tool. Nothing here is secret or kept: every run makes new keys.
#
# Usage: tls-test-pki.sh DIR
#
# Files written to DIR:
#   ca.crt, ca.key                the test CA
#   server.crt, server.key        server certificate from the test CA, CN "localhost", with the
#                                 subjectAltName entries DNS:localhost, IP:127.0.0.1 and IP:::1
#   other-ca.crt, other-ca.key    a second CA that issued nothing the server uses
#   other-server.crt, .key        a certificate for localhost from the second CA
#   client.crt, client.key        client certificate from the test CA, CN "tls_cert_user"
#   client-encrypted.key          client.key encrypted with AES-256 and the passphrase
#                                 "tls-key-passphrase"
#   crl-empty.pem                 a CRL of the test CA that revokes nothing
#   crl-server-revoked.pem        a CRL of the test CA that revokes server.crt
# Keys are 2048-bit RSA with mode 0600, and certificates are valid for 2 days.
set -euo pipefail

dir=${1:?usage: tls-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"

quiet() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    printf 'tls-test-pki: error: %s failed\n' "$*" >&2
    exit 1
  fi
  rm -f "$log"
}

new_key() {
  quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"
  chmod 600 "$1"
}

# make_ca NAME SUBJECT
make_ca() {
  new_key "$1.key"
  quiet openssl req -new -x509 -days 2 -key "$1.key" -out "$1.crt" -subj "$2" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
}

# issue NAME CA SUBJECT EXTENSIONS: a certificate signed by CA with the given v3 extensions.
issue() {
  local name=$1 ca=$2 subject=$3 extensions=$4
  new_key "$name.key"
  quiet openssl req -new -key "$name.key" -out "$name.csr" -subj "$subject"
  printf '%s\n' "$extensions" >"$name.ext"
  quiet openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial \
    -days 2 -sha256 -extfile "$name.ext" -out "$name.crt"
  rm -f "$name.csr" "$name.ext"
}

make_ca ca "/CN=wiredump test CA"
make_ca other-ca "/CN=wiredump other test CA"

issue server ca "/CN=localhost" \
  "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage=serverAuth"
issue other-server other-ca "/CN=localhost" \
  "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage=serverAuth"
issue client ca "/CN=tls_cert_user" "extendedKeyUsage=clientAuth"
quiet openssl pkey -in client.key -aes256 -passout pass:tls-key-passphrase -out client-encrypted.key
chmod 600 client-encrypted.key

# openssl ca keeps its state in an index file; a minimal configuration is enough for CRLs.
mkdir -p ca-state
: >ca-state/index.txt
echo 1000 >ca-state/crlnumber
cat >ca-state/openssl.cnf <<CONF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $PWD/ca-state/index.txt
crlnumber = $PWD/ca-state/crlnumber
certificate = $PWD/ca.crt
private_key = $PWD/ca.key
default_md = sha256
default_crl_days = 2
CONF
quiet openssl ca -batch -config ca-state/openssl.cnf -gencrl -out crl-empty.pem
quiet openssl ca -batch -config ca-state/openssl.cnf -revoke server.crt
quiet openssl ca -batch -config ca-state/openssl.cnf -gencrl -out crl-server-revoked.pem
