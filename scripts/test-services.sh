#!/usr/bin/env bash
# Makes sure the services the tests need are installed and running, and
# prints the environment variables that point the tests at them.
# Used by scripts/test; under CI=true a service that cannot be had is a failure.
set -euo pipefail

log() { echo "test-services: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >&2; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# PostgreSQL (Debian's package), started when it is not running.
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql"
  apt_install postgresql
fi
if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
  cluster=$(pg_lsclusters -h | head -n1)
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n1)
    log "creating a cluster for PostgreSQL $version"
    as_root pg_createcluster "$version" main >&2
    cluster=$(pg_lsclusters -h | head -n1)
  fi
  set -- $cluster
  log "starting PostgreSQL $1/$2"
  # After an unclean stop the cluster first recovers (and syncs its data
  # directory), which can take longer than pg_ctl's own minute: wait up
  # to five minutes for it to come online before giving up.
  if ! as_root pg_ctlcluster "$1" "$2" start >&2; then
    log "PostgreSQL $1/$2 is not up yet; waiting for its recovery"
  fi
  for _ in $(seq 1 300); do
    pg_lsclusters -h 2>/dev/null | grep -q online && break
    sleep 1
  done
  pg_lsclusters -h 2>/dev/null | grep -q online || {
    log "PostgreSQL $1/$2 did not start; see /var/log/postgresql/"
    exit 1
  }
fi
# LibreOffice (Writer, no GUI) and pdftotext: the DOCX report tests convert with them.
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  log "installing libreoffice-writer-nogui and poppler-utils"
  apt_install --no-install-recommends libreoffice-writer-nogui poppler-utils
fi
# sqlite3: the fault tests check a killed database with PRAGMA integrity_check.
if ! command -v sqlite3 >/dev/null 2>&1; then
  log "installing sqlite3"
  apt_install sqlite3
fi
port=$(pg_lsclusters -h | awk '$4 == "online" {print $3; exit}')
# A role and database for the tests; each test makes its own database.
as_root su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='uti'\"" | grep -q 1 \
  || as_root su postgres -c "psql -p $port -qc \"CREATE ROLE uti LOGIN CREATEDB PASSWORD 'uti'\"" >&2
as_root su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='uti'\"" | grep -q 1 \
  || as_root su postgres -c "createdb -p $port -O uti uti" >&2
# Each test makes a database uti_t_PID_N and leaves it for inspection;
# those of test processes that have ended are dropped here.
as_root su postgres -c "psql -p $port -qtAc \"SELECT datname FROM pg_database WHERE datname LIKE 'uti\\_t\\_%'\"" |
  while read -r name; do
    pid=${name#uti_t_}
    pid=${pid%%_*}
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      as_root su postgres -c "dropdb -p $port --if-exists $name" >&2 || true
    fi
  done
echo "export UTI_TEST_POSTGRES_URL=postgres://uti:uti@127.0.0.1:$port/uti"
