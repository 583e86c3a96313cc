#!/usr/bin/env bash
# Benchmarks the hot path GET /api/v1/{tenant}/screens/{id} with wrk (64 and 1,000 connections)
# and the memory held by idle keep-alive connections. Figures go to docs/performance.md by hand.
# Usage: scripts/bench.sh [duration-seconds (default 15)] [idle-connections (default 10000)]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
idle="${2:-10000}"
scripts/install-deps.sh --with-bench
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product tessera >/dev/null
ulimit -n 65536 2>/dev/null || true

data=$(mktemp -d /tmp/tessera-bench.XXXXXX)
chmod 755 "$data"
port=18080
log="$data/server.log"
TESSERA_LOG_LEVEL=warning .build/release/tessera dev --port "$port" --data-dir "$data" >"$data/dev.out" 2>"$log" &
dev_pid=$!
cleanup() { kill -INT "$dev_pid" 2>/dev/null || true; wait "$dev_pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "coffee-shop: http" "$data/dev.out" 2>/dev/null && break
  sleep 0.5
done
link=$(grep -o "coffee-shop: http[^ ]*" "$data/dev.out" | head -1 | cut -d' ' -f2)
[ -n "$link" ] || { echo "server did not start"; cat "$data/dev.out" "$log"; exit 1; }
init_data=$(python3 -c 'import sys,urllib.parse as u; f=sys.argv[1].split("#",1)[1]; print(u.unquote(dict(p.split("=",1) for p in f.split("&"))["tgWebAppData"]))' "$link")
section=$(python3 -c 'import json; print(json.load(open("blueprints/coffee-shop.json"))["sections"][0]["id"])')
url="http://127.0.0.1:$port/api/v1/coffee-shop/screens/$section"
server_pid=$(pgrep -f "tessera dev --port $port" | head -1)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "endpoint: GET $url (authenticated, cached screen; $(curl -s -H "Authorization: tma $init_data" "$url" | wc -c) bytes)"
curl -sf -o /dev/null -H "Authorization: tma $init_data" "$url" || { echo "request failed"; exit 1; }

wrk -t2 -c64 -d3s -H "Authorization: tma $init_data" "$url" >/dev/null   # warm-up
for c in 64 1000; do
  echo "== wrk -t2 -c$c -d${duration}s --latency"
  wrk -t2 -c"$c" -d"${duration}s" --latency -H "Authorization: tma $init_data" "$url" \
    | grep -E "Requests/sec|Latency|50%|90%|99%|Socket errors|Non-2xx"
done

echo "== idle keep-alive connections: $idle"
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
python3 - "$port" "$idle" "$server_pid" <<'PY'
import socket, sys, time
port, n, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    socks.append(s)
for s in socks:
    s.recv(4096)
time.sleep(2)
alive = 0
for s in socks:
    s.setblocking(False)
    try:
        alive += 0 if s.recv(1) == b"" else 1
    except BlockingIOError:
        alive += 1
rss = int([l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1])
threads = int([l for l in open(f"/proc/{pid}/status") if l.startswith("Threads")][0].split()[1])
print(f"held open: {alive}/{n}; server RSS {rss/1024:.0f} MiB; threads {threads}")
PY
echo "server RSS before idle test: $((rss_before / 1024)) MiB"
