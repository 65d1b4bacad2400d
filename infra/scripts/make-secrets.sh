#!/bin/sh
# Makes the secrets infra/docker-compose.yml mounts (once; existing files are kept), on the host
# that runs the deployment: infra/secrets/<name>. Compose hands each
# to its services as /run/secrets/<name>; the tradechain program reads them through
# TRADECHAIN…_FILE variables, so no secret is ever an environment literal.
set -eu
cd "$(dirname "$0")/../secrets"
# Compose bind-mounts file secrets with their host owner and mode, and the containers run as uid
# 1654 (the aspnet image's 'app' user): the files are world-readable, the directory is the
# owner's alone, so other users of the host cannot reach them while the containers can.
chmod 700 .
umask 022

random() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }

secret() { # name value
  if [ -s "$1" ]; then
    echo "kept    infra/secrets/$1"
  else
    printf '%s\n' "$2" > "$1"
    echo "created infra/secrets/$1"
  fi
}

# Passphrases of the members' ledger keys (the init job encrypts each key with its member's).
for member in customs commerce-bureau cntsn-terminal cnpek-cargo; do
  secret "$member-key-passphrase" "$(random)"
done
secret clickhouse-password "$(random)"
# The API's bearer-token signing key, "id:base64secret" (Api:TokenKeys:0).
secret api-token-key "k1:$(random)"
# The members' shared sensitive-data key (SM4: 16 bytes, base64): ingest seals declared values and
# consignee details with it, the API opens them for customs, tax and the regulator.
secret sensitive-data-key "$(head -c 16 /dev/urandom | base64 | tr -d '\n')"
