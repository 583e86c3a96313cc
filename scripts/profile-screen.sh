#!/usr/bin/env bash
# Profiles the server while wrk (-t1 -c64) loads one end-user endpoint: `perf record` (cpu-clock,
# call graphs) on the release `tessera dev`, then the top self-time symbols, demangled.
# Usage: scripts/profile-screen.sh [path (default /api/v1/coffee-shop/screens/news)] [seconds (default 10)]
# Example: scripts/profile-screen.sh /api/v1/coffee-shop/screens/top 10 (a static screen, for comparison)
path="${1:-/api/v1/coffee-shop/screens/news}"
seconds="${2:-10}"
source "$(dirname "$0")/bench/lib.sh"
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf"; exit 1; }
url="http://127.0.0.1:$PORT$path"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: tma $INIT_DATA" "$url")
[ "$status" = 200 ] || { echo "$path: HTTP $status"; exit 1; }
wrk -t1 -c64 -d1s -H "Authorization: tma $INIT_DATA" "$url" >/dev/null   # warm-up
wrk -t1 -c64 -d"$((seconds + 2))s" -H "Authorization: tma $INIT_DATA" "$url" >"$DATA_DIR/wrk.out" &
WRK=$!
sleep 1
perf record -e cpu-clock -F 1999 -g -o "$DATA_DIR/perf.data" -p "$SERVER_PID" -- sleep "$seconds" 2>/dev/null
wait "$WRK"
grep -E "Requests/sec" "$DATA_DIR/wrk.out"
echo "== self time, top symbols (perf report --no-children)"
perf report -i "$DATA_DIR/perf.data" --no-children --sort symbol --stdio --percent-limit 0.7 -g none 2>/dev/null \
  | grep -E '^ +[0-9]' | swift-demangle --simplified | cut -c1-160 | head -60
echo "== with children: where the time goes under the request handler"
perf report -i "$DATA_DIR/perf.data" --children --sort symbol --stdio --percent-limit 3 -g none 2>/dev/null \
  | grep -E '^ +[0-9]' | swift-demangle --simplified | cut -c1-160 | head -50
echo "== who waits for locks: callers of the mutexes' slow path"
perf report -i "$DATA_DIR/perf.data" --no-children --symbol-filter=lockSlow --stdio -G --percent-limit 1 2>/dev/null \
  | grep -vE '^$|^#' | swift-demangle --simplified | cut -c1-160 | head -60
