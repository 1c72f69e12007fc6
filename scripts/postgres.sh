#!/usr/bin/env bash
# Makes a PostgreSQL server available for accord's tests and benchmarks, and
# prints its URL on stdout (everything else goes to stderr):
#   1. installs Debian's `postgresql` package if no server binaries are found;
#   2. starts a cluster listening on 127.0.0.1:5432 if nothing answers there
#      (creating one with pg_createcluster when the package made none);
#   3. creates the role `accord` (LOGIN CREATEDB, password `accord`) and the
#      database `accord` if they are missing.
# Tests create and drop their own databases through that role:
#   export ACCORD_TEST_POSTGRES_URL="$(bash scripts/postgres.sh)"
# Idempotent: a second run finds everything in place and only prints the URL.
# Needs root (apt-get, and `runuser` to act as the postgres user).
set -euo pipefail

host=127.0.0.1
port=5432
role=accord
password=accord
database=accord

say() { printf '[postgres] %s\n' "$*" >&2; }

as_postgres() { runuser -u postgres -- "$@"; }

ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

if ! ready; then
  # The newest installed major version; its cluster on our port, or a new one.
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  cluster="$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v p="$port" '$1 == v && $3 == p { print $2; exit }')"
  if [ -z "$cluster" ]; then
    cluster=main
    say "creating cluster $version/$cluster on port $port"
    pg_createcluster "$version" "$cluster" --port "$port" >&2
  fi
  conf="/etc/postgresql/$version/$cluster/postgresql.conf"
  if ! grep -q "^listen_addresses = '$host'" "$conf"; then
    printf "\n# scripts/postgres.sh: loopback only\nlisten_addresses = '%s'\n" "$host" >>"$conf"
  fi
  say "starting cluster $version/$cluster"
  pg_ctlcluster "$version" "$cluster" start >&2
  for _ in $(seq 1 30); do
    ready && break
    sleep 1
  done
  if ! ready; then
    say "the server did not come up on $host:$port; see /var/log/postgresql/"
    exit 1
  fi
fi

# The postgres superuser logs in over the local socket (peer authentication),
# so that this works whatever pg_hba.conf says about TCP.
psql_socket() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"; }

if [ "$(psql_socket -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
  say "creating role $role"
  psql_socket -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" >&2
fi
# DROP DATABASE ... WITH (FORCE) must be able to end autovacuum workers too.
if [ "$(psql_socket -tAc "SELECT pg_has_role('$role', 'pg_signal_backend', 'MEMBER')")" != t ]; then
  psql_socket -c "GRANT pg_signal_backend TO $role" >&2
fi
if [ "$(psql_socket -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  say "creating database $database"
  psql_socket -c "CREATE DATABASE $database OWNER $role" >&2
fi

url="postgresql://$role:$password@$host:$port/$database"
if ! PGPASSWORD="$password" psql -X -q -h "$host" -p "$port" -U "$role" -d "$database" -tAc 'SELECT 1' >/dev/null; then
  say "cannot log in as $role over TCP; check pg_hba.conf"
  exit 1
fi
printf '%s\n' "$url"
