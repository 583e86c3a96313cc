#!/usr/bin/env bash
# Benchmarks the hot path GET /api/v1/{tenant}/screens/{id} with wrk (64 and 1,000 connections)
# on a screen rendered from the blueprint and cached (coffee-shop `top`), then the live screens
# (shop `menu`, news `news`: data read per request) at 64 connections, and the memory held by idle
# keep-alive connections. Figures go to docs/performance.md.
# Usage: scripts/bench.sh [duration-seconds (default 15)] [idle-connections (default 10000)]
duration="${1:-15}"
idle="${2:-10000}"
source "$(dirname "$0")/bench/lib.sh"

section=top
url="http://127.0.0.1:$PORT/api/v1/coffee-shop/screens/$section"
echo "endpoint: GET $url (authenticated, cached screen; $(curl -s -H "Authorization: tma $INIT_DATA" "$url" | wc -c) bytes)"
curl -sf -o /dev/null -H "Authorization: tma $INIT_DATA" "$url" || { echo "request failed"; exit 1; }

wrk -t2 -c64 -d3s -H "Authorization: tma $INIT_DATA" "$url" >/dev/null   # warm-up
for c in 64 1000; do
  echo "== wrk -t2 -c$c -d${duration}s --latency"
  wrk -t2 -c"$c" -d"${duration}s" --latency -H "Authorization: tma $INIT_DATA" "$url" \
    | grep -E "Requests/sec|Latency|50%|90%|99%|Socket errors|Non-2xx"
done

for live in menu news; do
  live_url="http://127.0.0.1:$PORT/api/v1/coffee-shop/screens/$live"
  echo "== live screen $live ($(curl -s -H "Authorization: tma $INIT_DATA" "$live_url" | wc -c) bytes): wrk -t2 -c64 -d${duration}s --latency"
  wrk -t2 -c64 -d"${duration}s" --latency -H "Authorization: tma $INIT_DATA" "$live_url" \
    | grep -E "Requests/sec|50%|99%|Non-2xx"
done

echo "== idle keep-alive connections: $idle"
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
python3 scripts/bench/idle_connections.py "$PORT" "$idle" "$SERVER_PID"
echo "server RSS before idle test: $((rss_before / 1024)) MiB"
