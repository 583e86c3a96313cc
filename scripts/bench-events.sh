#!/usr/bin/env bash
# Benchmarks navigation-event ingestion: wrk POSTs batches to /api/v1/{tenant}/events; the figure
# is events actually written to PostgreSQL per second (rows counted before and after).
# Usage: scripts/bench-events.sh [duration-seconds (default 20)] [events-per-batch (default 50)] [connections (default 32)]
duration="${1:-20}"
batch="${2:-50}"
conns="${3:-32}"
source "$(dirname "$0")/bench/lib.sh"

lua="$DATA_DIR/events.lua"
python3 - "$batch" "$INIT_DATA" > "$lua" <<'PY'
import json, sys, time
n, init = int(sys.argv[1]), sys.argv[2]
now = int(time.time() * 1000)
events = [{"kind": "screen_view" if i % 3 else "action", "screen": "menu", "target": None if i % 3 else "buy", "at": now} for i in range(n)]
body = json.dumps({"events": events}, separators=(",", ":"))
print('wrk.method = "POST"')
print('wrk.body = ' + json.dumps(body))
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.headers["Authorization"] = ' + json.dumps("tma " + init))
PY
url="http://127.0.0.1:$PORT/api/v1/coffee-shop/events"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/json" -H "Authorization: tma $INIT_DATA" \
  --data "{\"events\":[{\"kind\":\"screen_view\",\"at\":$(date +%s%3N)}]}" "$url")
[ "$status" = 202 ] || { echo "POST /events answered $status"; exit 1; }

count() { psql -qtA "$DATABASE_URL" -c 'SELECT count(*) FROM t_coffee_shop.nav_events'; }
sleep 1
before=$(count)
start=$(date +%s.%N)
echo "== wrk -t2 -c$conns -d${duration}s, $batch events per request"
wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$lua" "$url" | grep -E "Requests/sec|Latency|99%|Non-2xx|Socket errors"
# Wait until nothing more arrives (with group commit the rows are there when wrk ends; kept for comparisons).
prev=-1
while true; do
  sleep 0.5
  now=$(count)
  [ "$now" = "$prev" ] && break
  prev=$now
done
end=$(date +%s.%N)
after=$(count)
python3 -c "w=$after-$before; d=$end-$start; print(f'events written: {w} in {d:.1f} s (incl. drain) = {w/d:,.0f} events/s')"
