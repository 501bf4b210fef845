#!/usr/bin/env bash
# Starts a private PostgreSQL and Redis on loopback for the tests, in the
# directory given as $1, and prints the environment variables that point the
# tests at them. Stop them with: scripts/services.sh stop DIR
set -euo pipefail

# free_port N: the first port from N up that nothing listens on.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
    p=$((p + 1))
  done
  echo "$p"
}

if [ "${1:-}" = stop ]; then
  dir=$2
  if [ -f "$dir/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  fi
  exit 0
fi

dir=$1
mkdir -p "$dir"
PG_PORT=$(free_port "${PG_PORT:-55432}")
REDIS_PORT=$(free_port "${REDIS_PORT:-56379}")
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ]; then
  run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$pgbin/initdb" -D "$dir/pg" -U postgres --auth=trust >"$dir/initdb.log" 2>&1
  "${run[@]}" "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
    -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  echo "export APPENCORRECT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
else
  echo "scripts/services.sh: PostgreSQL is not installed; its tests will be skipped" >&2
fi
if command -v redis-server >/dev/null; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "export APPENCORRECT_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
else
  echo "scripts/services.sh: redis-server is not installed; its tests will be skipped" >&2
fi
