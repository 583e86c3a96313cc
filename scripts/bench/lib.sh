# Shared by the benchmark scripts: build release, start `tessera dev` in a temp dir, and export
# PORT, INIT_DATA (signed for the dev user of coffee-shop), SERVER_PID, DATA_DIR, DATABASE_URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/install-deps.sh --with-bench
export PATH="/opt/swift/usr/bin:$PATH"
# BENCH_CONFIG=debug reuses a debug build (for benchmarks timed inside PostgreSQL only).
BENCH_CONFIG=${BENCH_CONFIG:-release}
swift build -c "$BENCH_CONFIG" --product tessera >/dev/null
ulimit -n 65536 2>/dev/null || true

DATA_DIR=$(mktemp -d /tmp/tessera-bench.XXXXXX)
chmod 755 "$DATA_DIR"
PORT=${PORT:-18080}
PG_PORT=${PG_PORT:-54339}
TESSERA_LOG_LEVEL=warning .build/$BENCH_CONFIG/tessera dev --port "$PORT" --pg-port "$PG_PORT" --data-dir "$DATA_DIR" >"$DATA_DIR/dev.out" 2>"$DATA_DIR/server.log" &
DEV_PID=$!
bench_cleanup() { kill -INT "$DEV_PID" 2>/dev/null || true; wait "$DEV_PID" 2>/dev/null || true; rm -rf "$DATA_DIR"; }
trap bench_cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "coffee-shop: http" "$DATA_DIR/dev.out" 2>/dev/null && break
  sleep 0.5
done
link=$(grep -o "coffee-shop: http[^ ]*" "$DATA_DIR/dev.out" | head -1 | cut -d' ' -f2)
[ -n "$link" ] || { echo "server did not start"; cat "$DATA_DIR/dev.out" "$DATA_DIR/server.log"; exit 1; }
INIT_DATA=$(python3 -c 'import sys,urllib.parse as u; f=sys.argv[1].split("#",1)[1]; print(u.unquote(dict(p.split("=",1) for p in f.split("&"))["tgWebAppData"]))' "$link")
SERVER_PID=$(pgrep -f "tessera dev --port $PORT" | head -1)
DATABASE_URL="postgres://postgres:$(cat "$DATA_DIR/postgres/superuser.password")@127.0.0.1:$PG_PORT/postgres"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# An owner token of coffee-shop for the staff-route benchmarks.
staff_token() {
  DATABASE_URL="$DATABASE_URL" TESSERA_MASTER_KEY="$(cat "$DATA_DIR/master.key")" TESSERA_LOG_LEVEL=error \
    ".build/$BENCH_CONFIG/tessera" admin token create --tenant coffee-shop --role owner | grep "^tsr_"
}
# After a bulk seed: write the dirty pages back now, so the timed part does not share the disk
# with the checkpoint the seed's WAL started (what a server that was not just bulk-loaded sees).
settle_after_seed() { psql -qtA "$DATABASE_URL" -c "CHECKPOINT"; }
