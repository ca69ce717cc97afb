#!/bin/sh
# One-shot creation and migration of Temporal's PostgreSQL schemas, run by
# the temporal-schema service (temporalio/admin-tools, same version as the
# server) before the server starts. Safe to run again: `create` skips an
# existing database, `setup-schema -v 0.0` only adds the version tables
# when missing, and `update-schema` applies just the versions the database
# lacks — which is also how an upgrade migrates the schema.
set -eu

host="${POSTGRES_SEEDS:-postgresql}"
port="${DB_PORT:-5432}"
user="${POSTGRES_USER:-temporal}"
plugin="${DB:-postgres12}"
# temporal-sql-tool reads the password from SQL_PASSWORD.
export SQL_PASSWORD="${SQL_PASSWORD:-${POSTGRES_PWD:-}}"
schema_root="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

tries=0
until nc -z "${host}" "${port}" 2>/dev/null; do
	tries=$((tries + 1))
	if [ "${tries}" -ge 60 ]; then
		echo "PostgreSQL at ${host}:${port} is not reachable after 120s" >&2
		exit 1
	fi
	sleep 2
done

# setup DB KIND: create the database, its version tables, then every
# migration up to this release. KIND is temporal or visibility.
setup() {
	db="$1"
	kind="$2"
	sql() { temporal-sql-tool --plugin "${plugin}" --ep "${host}" -p "${port}" -u "${user}" --db "${db}" "$@"; }
	echo "schema ${kind}: database ${db}"
	sql create
	sql setup-schema -v 0.0
	if [ -d "${schema_root}/${kind}/versioned" ]; then
		sql update-schema -d "${schema_root}/${kind}/versioned"
	else
		# Newer admin-tools embed the schemas instead of shipping the files.
		sql update-schema --schema-name "postgresql/v12/${kind}"
	fi
}

setup "${DBNAME:-temporal}" temporal
setup "${VISIBILITY_DBNAME:-temporal_visibility}" visibility
echo "Temporal schemas are up to date"
