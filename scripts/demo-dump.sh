#!/usr/bin/env bash
# Builds wiredump, starts a PostgreSQL 15 test server, creates a small sample database, dumps it
# with wiredump over TCP with a SCRAM login, lists the archive with pg_restore -l, and stops the
# server again.
#
# Environment (all optional):
#   WIREDUMP_BUILD_DIR   build directory (default: build/ in the repository)
#   WIREDUMP_DEMO_PORT   port of the test server (default 25434; keep it below 32768)
#   WIREDUMP_DEMO_FILE   archive to write (default: demo.dump in the build directory)
#   WIREDUMP             dump command to run instead of the built binary
#   and the variables that scripts/pg-test-server.sh reads.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WIREDUMP_BUILD_DIR:-$repo/build}
port=${WIREDUMP_DEMO_PORT:-25434}
archive=${WIREDUMP_DEMO_FILE:-$build/demo.dump}
major=15
server_script=$repo/scripts/pg-test-server.sh
database=wiredump_demo

say() {
  printf '\n== %s\n' "$*"
}

if [[ -z ${WIREDUMP:-} ]]; then
  say "build wiredump in $build"
  cmake -S "$repo" -B "$build" -G Ninja >/dev/null
  cmake --build "$build" --parallel 2 --target wiredump
fi
read -r -a wiredump <<<"${WIREDUMP:-$build/wiredump}"

say "start PostgreSQL $major on 127.0.0.1:$port"
started_server=false
stop_server() {
  if [[ $started_server == true ]]; then
    "$server_script" stop "$major" || true
  fi
}
trap stop_server EXIT
if running_url=$("$server_script" url "$major" 2>/dev/null); then
  port=${running_url##*:}
  port=${port%%/*}
  echo "already running on port $port"
else
  "$server_script" start "$major" "$port" >/dev/null
  started_server=true
fi

bin=$("$server_script" bin "$major")
socket_dir=$("$server_script" socket-dir)

say "create the sample database $database"
PGOPTIONS="-c client_min_messages=warning" "$bin/dropdb" -h "$socket_dir" -p "$port" -U postgres --if-exists "$database"
"$bin/createdb" -h "$socket_dir" -p "$port" -U postgres "$database"
"$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$port" -U postgres -d "$database" <<'EOF'
CREATE SCHEMA shop;
CREATE TABLE shop.customers (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  email text UNIQUE
);
CREATE TABLE shop.orders (
  id bigserial PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers (id),
  amount numeric(10, 2) NOT NULL CHECK (amount >= 0),
  placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_idx ON shop.orders (customer_id);
CREATE VIEW shop.customer_totals AS
  SELECT c.name, count(o.id) AS orders, coalesce(sum(o.amount), 0) AS total
    FROM shop.customers c LEFT JOIN shop.orders o ON o.customer_id = c.id
   GROUP BY c.name;
COMMENT ON TABLE shop.orders IS 'One row per order';

INSERT INTO shop.customers (name, email)
SELECT 'customer ' || i, 'customer' || i || '@example.com' FROM generate_series(1, 100) AS i;
INSERT INTO shop.orders (customer_id, amount)
SELECT 1 + i % 100, (i * 7 % 1000) / 10.0 FROM generate_series(1, 1000) AS i;
EOF

say "wiredump dump -h 127.0.0.1 -p $port -U wiredump -w -f $archive $database"
mkdir -p "$(dirname "$archive")"
# The SCRAM role's password, as scripts/pg-test-server.sh sets it.
PGPASSWORD=${WIREDUMP_PG_PASSWORD:-wiredump} \
  "${wiredump[@]}" dump -h 127.0.0.1 -p "$port" -U wiredump -w -f "$archive" "$database"
ls -l "$archive"

say "pg_restore -l $archive"
"$bin/pg_restore" -l "$archive"

say "stop the server"
stop_server
started_server=false
