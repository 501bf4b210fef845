#!/usr/bin/env bash
# Runs the npm LanguageTool clients (clients.test.js) against a real
# `appencorrect serve` with its default engine (the built-in one), on
# 127.0.0.1 and a free port. Builds the binary unless APPENCORRECT_BIN names
# one. Needs go, node (18 or later) and npm.
#
#   bash tests/languagetool/run-against-serve.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$here"
if [ ! -d node_modules/languagetool-api ] || [ ! -d node_modules/language-grammar-api ]; then
  npm ci --no-audit --no-fund
fi

bin=${APPENCORRECT_BIN:-}
if [ -z "$bin" ]; then
  bin="$work/appencorrect"
  (cd "$root" && go build -o "$bin" ./cmd/appencorrect)
fi

# The server keeps its state (SQLite) in the temporary directory. A key for
# LanguageTool's word lists (username + apiKey), created as an operator does.
api_key=$(cd "$work" && DATABASE_PATH="$work/appencorrect.db" LOG_LEVEL=warn \
  "$bin" keys create --name languagetool-clients --json |
  node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s).api_key))')

# The server picks a free port and logs "listening" with its address once it
# serves (after the dictionaries have loaded): that line is the signal,
# read from its output as it is written; the rest goes to the log.
exec 3< <(cd "$work" && exec env DEMO_RATE_LIMIT=0 LOG_FORMAT=json LOG_LEVEL=info \
  DATABASE_PATH="$work/appencorrect.db" "$bin" serve --addr 127.0.0.1:0 2>&1)
pid=$!
addr=""
end=$((SECONDS + 60))
while [ "$SECONDS" -lt "$end" ] && IFS= read -r -t "$((end - SECONDS))" line <&3; do
  printf '%s\n' "$line" >>"$work/serve.log"
  if [[ $line == *'"msg":"listening"'* ]]; then
    addr=$(sed -n 's/.*"addr":"\([^"]*\)".*/\1/p' <<<"$line")
    break
  fi
done
if [ -z "$addr" ]; then
  echo "appencorrect serve did not log that it listens (it exited, or 60 s passed); its log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
cat <&3 >>"$work/serve.log" &
url="http://$addr"

status=0
LT_SERVER_URL="$url" LT_API_KEY="$api_key" node --test --test-reporter=spec clients.test.js || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- appencorrect serve log:" >&2
  cat "$work/serve.log" >&2
fi
exit "$status"
