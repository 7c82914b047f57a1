#!/usr/bin/env bash
# Tests the API against its own OpenAPI document with schemathesis, with
# every check (`--checks all`), on a real `uti serve --demo` over a fresh
# temporary SQLite database: once with an administrator's token (every
# change is made, on the throwaway database), once with a reader's (every
# change must be refused). Fails on any failure schemathesis finds.
#
# schemathesis is installed (pinned) into a virtual environment under
# ~/.cache/uti when it is missing. Without python3 or PyPI the run is
# skipped with a message, except under CI=true, where that is a failure.
#
# What is adjusted, and why (nothing else is left out):
# - scripts/schemathesis_hooks.py gives the generated *valid* requests
#   the ids of themes and challenges that exist, and unique ids within a
#   dataset file: a schema can say what an id looks like, not which ones
#   are stored, so without it every valid session or import that names a
#   theme would be refused for naming an unknown one. Invalid requests
#   are left as generated.
# - The destructive operations (deleteSession, deleteTerm, mergeTerm,
#   importDataset with replace=true) do run, with the admin's token, on
#   the throwaway database of that run.
#
# Usage: scripts/test-api.sh [--max-examples N] [extra schemathesis args]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SCHEMATHESIS_VERSION=4.32.5
VENV="${UTI_SCHEMATHESIS_VENV:-$HOME/.cache/uti/schemathesis-$SCHEMATHESIS_VERSION}"
MAX_EXAMPLES="${UTI_API_MAX_EXAMPLES:-12}"
if [ "${1:-}" = "--max-examples" ]; then
    MAX_EXAMPLES=$2
    shift 2
fi

missing() {
    if [ "${CI:-}" = "true" ]; then
        echo "test-api: FAILED: $1 (CI needs schemathesis for the API tests)" >&2
        exit 1
    fi
    echo "test-api: skipped: $1" >&2
    exit 0
}

if [ ! -x "$VENV/bin/schemathesis" ]; then
    command -v python3 >/dev/null || missing "python3 is not installed"
    echo "test-api: installing schemathesis $SCHEMATHESIS_VERSION into $VENV" >&2
    python3 -m venv "$VENV" || missing "python3 cannot make a virtual environment (apt-get install python3-venv)"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION" ||
        missing "schemathesis $SCHEMATHESIS_VERSION could not be installed"
fi
"$VENV/bin/schemathesis" --version >/dev/null || missing "schemathesis does not run"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target}"
cargo build --quiet -p uti
UTI="$CARGO_TARGET_DIR/debug/uti"

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A free port on the loopback interface.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# run ROLE: a fresh database with the example network, a user of ROLE
# with a token, the server, and schemathesis against it.
run() {
    local role=$1 dir="$WORK/$1" port token status=0
    shift
    mkdir -p "$dir"
    export UTI_DATABASE_URL="sqlite:$dir/uti.db"
    port=$(free_port)
    "$UTI" serve --demo --bind "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do
        if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
            break
        fi
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
    echo "schemathesis-proef-1" | "$UTI" user add "api-$role" --role "$role" --password-stdin >/dev/null
    token=$("$UTI" user token "api-$role" 2>/dev/null)
    echo "test-api: schemathesis with the $role's token (max $MAX_EXAMPLES examples per operation)" >&2
    # From the run's own folder, where schemathesis keeps its cache.
    (cd "$dir" && UTI_API_BASE="http://127.0.0.1:$port" UTI_API_TOKEN="$token" \
        SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$ROOT/scripts" \
        "$VENV/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
        --checks all \
        --max-examples "$MAX_EXAMPLES" \
        --header "Authorization: Bearer $token" \
        --request-timeout 60 \
        --seed "${UTI_API_SEED:-20261203}" \
        --no-color \
        "$@") || status=$?
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
    if [ "$status" -ne 0 ]; then
        echo "test-api: FAILED with the $role's token; the server's log:" >&2
        tail -n 20 "$dir/server.log" >&2
        return "$status"
    fi
}

result=0
for role in ${UTI_API_ROLES:-admin reader}; do
    run "$role" "$@" || result=1
done
if [ "$result" -ne 0 ]; then
    echo "test-api: schemathesis found failures" >&2
    exit 1
fi
echo "test-api: schemathesis found no failures, with the admin's and the reader's token"
