#!/usr/bin/env bash
# Stand-in for build/wiredump, used only to test the integration harness itself before wiredump
# exists or when its results look wrong. "dump" followed by pg_dump's options runs the real
# pg_dump with wiredump's defaults: custom format at compression level 9. Later options override
# the defaults, as they do in pg_dump.
set -euo pipefail

if [[ ${1:-} != dump ]]; then
  echo "usage: $0 dump [pg_dump options] [DBNAME]" >&2
  exit 2
fi
shift

exec "${PG_DUMP:-/usr/lib/postgresql/15/bin/pg_dump}" -F c -Z 9 "$@"
