#!/bin/sh
# docker-compose.yml's one-shot Temporal schema step (admin-tools image): creates the
# temporal and temporal_visibility databases in PostgreSQL if missing and brings both
# schemas to the server image's version. Safe to run on every `docker compose up`:
# update-schema applies only the versions a database does not have yet.
set -eu
tool() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"; }  # password from SQL_PASSWORD

for db in temporal temporal_visibility; do
  tool --db "$db" create 2>/dev/null || echo "database $db exists"
done
tool --db temporal setup-schema -v 0.0
tool --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned
tool --db temporal_visibility setup-schema -v 0.0
tool --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned
echo "temporal schemas are current"
