#!/usr/bin/env bash
# The TradeChain test command: installs what the tests need, builds with warnings as errors,
# runs every test category except the long-running ones, and prints one summary line.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Category=Crypto]
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is required and is not on PATH" >&2
  exit 2
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

# The browser tests drive Debian's chromium (a CJK font so the zh-CN screenshots show text, not boxes).
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'wenquanyi'; then
  apt_get() { if [ "$(id -u)" -eq 0 ]; then apt-get "$@"; else sudo -n apt-get "$@"; fi; }
  echo "test.sh: installing chromium and fonts-wqy-microhei for the browser tests"
  if ! { apt_get update -qq && DEBIAN_FRONTEND=noninteractive apt_get install -y -qq chromium fonts-wqy-microhei; } >/tmp/tradechain-apt.log 2>&1; then
    echo "test.sh: could not install chromium with apt-get (it needs root or passwordless sudo and the Debian mirror; log: /tmp/tradechain-apt.log)" >&2
    exit 2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build TradeChain.sln -c Release -nologo -clp:ErrorsOnly

filter="Duration!=Long"
if [ "$#" -gt 0 ] && [ "$1" = "--filter" ]; then
  filter="($2)&($filter)"
  shift 2
fi

status=0
dotnet test TradeChain.sln -c Release --no-build --nologo \
  --filter "$filter" \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" \
  --blame-hang-timeout 5m "$@" || status=$?

# One closing line over all test projects, read from the TRX counters.
sum() { grep -ho "$1=\"[0-9]*\"" "$results"/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
passed=$(sum passed)
failed=$(sum failed)
# VSTest's TRX leaves skipped tests out of "executed" without counting them anywhere else.
skipped=$(( $(sum total) - $(sum executed) ))
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
