#!/bin/sh
# The consortium's keys and genesis, made once by the compose job 'consortium-init' inside the
# tradechain image (entrypoint sh, this script). On one host it plays all four members: each
# member's directory /consortium/<member> gets its ledger key (SM2, encrypted with the member's
# passphrase from /run/secrets/<member>-key-passphrase), a TLS transport key bound to it, and
# node.json; the genesis is made from the four directories and pinned in each. A later run finds
# the genesis and does nothing: keys are never replaced. Across hosts each member runs the
# 'node init' step on its own host instead (docs/deploy.md).
set -eu

# The compose job mounts the consortium volume and the secrets at these places; the deployment test runs the script on a temporary directory.
root="${TRADECHAIN_CONSORTIUM_DIR:-/consortium}"
secrets="${TRADECHAIN_SECRETS_DIR:-/run/secrets}"
genesis="$root/genesis/genesis.json"
chain_id="${TRADECHAIN_CHAIN_ID:-tradechain}"

if [ -f "$genesis" ]; then
  echo "consortium-init: $genesis exists; nothing to do"
  tradechain genesis --check "$genesis"
  exit 0
fi

# member id, name, roles: node-<id> is its compose service, 7100 its peer port, 7200 its client port.
init_member() {
  TRADECHAIN_KEY_PASSPHRASE="$(cat "$secrets/$1-key-passphrase")" \
    tradechain node init --dir "$root/$1" --member "$1" --suite sm --name "$2" --roles "$3" \
      --peer-listen 0.0.0.0:7100 --client-listen 0.0.0.0:7200 --address "https://node-$1:7100" \
      --passphrase-env TRADECHAIN_KEY_PASSPHRASE
}
init_member customs "Tianjin and Beijing customs" customs,tax
init_member commerce-bureau "Commerce bureau" commerce-bureau,regulator
init_member cntsn-terminal "Tianjin port terminal CNTSN" port,carrier
init_member cnpek-cargo "Beijing Capital airport cargo terminal CNPEK" airport

mkdir -p "$root/genesis"
tradechain genesis --chain-id "$chain_id" --suite sm --governance 1/2 \
  --node "$root/customs" --node "$root/commerce-bureau" --node "$root/cntsn-terminal" --node "$root/cnpek-cargo" \
  --out "$genesis.tmp"

pin() {
  TRADECHAIN_KEY_PASSPHRASE="$(cat "$secrets/$1-key-passphrase")" \
    tradechain node init --dir "$root/$1" --genesis "$genesis.tmp"
}
pin customs
pin commerce-bureau
pin cntsn-terminal
pin cnpek-cargo

# Last: its presence means the consortium is complete (an interrupted run starts over, keeping the keys).
mv "$genesis.tmp" "$genesis"
tradechain genesis --check "$genesis"
