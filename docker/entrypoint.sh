#!/bin/sh
# Starts the service once its Postgres accepts connections, so that a database
# still starting up is not mistaken for a broken one. The service itself then
# applies the migrations and, when DEMO_INVENTORY=true, loads the demo inventory.
set -eu

# Paths below are relative to the project folder, wherever the script is run from.
cd "$(dirname "$0")/.."

# Without DATABASE_URL the service would start an embedded Postgres server,
# whose package is a development dependency, left out of the container image.
if [ -z "${DATABASE_URL:-}" ]; then
  echo "entrypoint: DATABASE_URL is not set; set it to postgresql://USER:PASSWORD@HOST:PORT/DATABASE" >&2
  exit 1
fi

# Tries are two seconds apart: about a minute by default.
tries="${DB_WAIT_TRIES:-30}"
case "$tries" in
  '' | *[!0-9]*)
    echo "entrypoint: DB_WAIT_TRIES must be a whole number, not '$tries'" >&2
    exit 1
    ;;
esac
attempt=1

until node -e '
  const { Client } = require("pg");
  const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3000 });
  client.connect().then(
    () => client.end().then(() => process.exit(0)),
    (error) => { console.error(`entrypoint: Postgres not ready: ${error.message || error.code}`); process.exit(1); },
  );
'; do
  if [ "$attempt" -ge "$tries" ]; then
    echo "entrypoint: Postgres did not accept connections after $tries tries; giving up" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

# A bounded old generation keeps the resident set near what the service needs
# (its live heap is about 30 MB); npm start runs it the same way.
exec node --max-old-space-size=160 dist/src/main.js
