#!/usr/bin/env bash
# Measures, in one run and with the same wrk settings, every visible screen of every sample
# blueprint (seeded demo content; the gated sections as a seeded demo person with the tag or
# locale sees them), each tenant's app manifest, and a 27-byte static file
# served by nginx (nginx-light, one worker, access_log off). Prints req/s and p99 per endpoint and
# the ratios the goals are stated in: each screen against the best screen of the run (goal ≥ 0.9)
# and the best screen against nginx (goal ≥ 0.6); then p99 at 1,000 connections for the best
# screen, the slowest screen and nginx; and the callers' own parts of the shop and events screens
# (`…/mine`). Figures go to docs/performance.md.
# Usage: scripts/bench-screens.sh [duration-seconds (default 10)] [threads (default 1)]
duration="${1:-10}"
threads="${2:-1}"
source "$(dirname "$0")/bench/lib.sh"
NGINX_PORT=${NGINX_PORT:-18090}

# The dev user's links, and a seeded demo person's for the tag- or locale-gated sections (Sam is
# coffee-shop's barista, Alexei a Russian subscriber of paid-channel: tenants/demo/).
declare -A links
for slug in coffee-shop events-club paid-channel; do
  links[$slug]=$(grep -o "$slug: http[^ ]*" "$DATA_DIR/dev.out" | head -1 | cut -d' ' -f2)
done
init_data() { python3 -c 'import sys,urllib.parse as u; f=sys.argv[1].split("#",1)[1]; print(u.unquote(dict(p.split("=",1) for p in f.split("&"))["tgWebAppData"]))' "$1"; }
dev_link() { TESSERA_DEV_ENV="$DATA_DIR/dev.env" ".build/$BENCH_CONFIG/tessera" dev link "$@"; }
declare -A gated
gated[coffee-shop]=$(init_data "$(dev_link --tenant coffee-shop --user 900000106)")
gated[paid-channel]=$(init_data "$(dev_link --tenant paid-channel --user 900000301 --lang ru)")

# nginx: one worker, no access log, a 27-byte file.
mkdir -p "$DATA_DIR/nginx/www"
printf '{"ok":true,"static":"file"}' >"$DATA_DIR/nginx/www/static.json"
cat >"$DATA_DIR/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $DATA_DIR/nginx/nginx.pid;
error_log $DATA_DIR/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DATA_DIR/nginx; proxy_temp_path $DATA_DIR/nginx; fastcgi_temp_path $DATA_DIR/nginx;
  uwsgi_temp_path $DATA_DIR/nginx; scgi_temp_path $DATA_DIR/nginx;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_PORT; root $DATA_DIR/nginx/www; }
}
CONF
nginx -c "$DATA_DIR/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
trap 'kill "$NGINX_PID" 2>/dev/null || true; bench_cleanup' EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/static.json" && break; sleep 0.1; done

# endpoints: "name|url|init data" (no init data: nginx): every section of the sample blueprints,
# as the dev user sees it or, when gated, as the demo person does.
endpoints=()
for slug in coffee-shop events-club paid-channel; do
  data=$(init_data "${links[$slug]}")
  endpoints+=("$slug manifest|http://127.0.0.1:$PORT/api/v1/$slug/app|$data")
  for s in $(python3 -c 'import json,sys; print(" ".join(s["id"] for s in json.load(open(sys.argv[1]))["sections"]))' "blueprints/$slug.json"); do
    url="http://127.0.0.1:$PORT/api/v1/$slug/screens/$s"
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: tma $data" "$url")" = 200 ]; then
      endpoints+=("$slug/$s|$url|$data")
    elif [ -n "${gated[$slug]:-}" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: tma ${gated[$slug]}" "$url")" = 200 ]; then
      endpoints+=("$slug/$s (demo person)|$url|${gated[$slug]}")
    else
      echo "$slug/$s is visible to neither the dev user nor the demo person"; exit 1
    fi
  done
done
endpoints+=("nginx static 27 B|http://127.0.0.1:$NGINX_PORT/static.json|")

# Runs wrk; prints "req/s p99-ms non2xx".
measure() {
  local url=$1 data=$2 conns=$3 out
  local header=()
  [ -n "$data" ] && header=(-H "Authorization: tma $data")
  out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "${header[@]}" "$url")
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
print(f"{rps:.0f} {p99:.2f} {bad.group(1) if bad else 0}")
PY
}

echo "== wrk -t$threads -c64 -d${duration}s, every endpoint (bytes: response body)"
results=()
for e in "${endpoints[@]}"; do
  IFS='|' read -r name url data <<<"$e"
  hdr=()
  [ -n "$data" ] && hdr=(-H "Authorization: tma $data")
  status=$(curl -s -o "$DATA_DIR/body" -w '%{http_code}' "${hdr[@]}" "$url")
  [ "$status" = 200 ] || { echo "$name: HTTP $status"; cat "$DATA_DIR/body"; exit 1; }
  wrk -t"$threads" -c64 -d1s "${hdr[@]}" "$url" >/dev/null   # warm-up
  read -r rps p99 bad <<<"$(measure "$url" "$data" 64)"
  results+=("$name|$rps|$p99|$bad|$(wc -c <"$DATA_DIR/body")|$url|$data")
done

python3 - "${results[@]}" 3>"$DATA_DIR/extremes" <<'PY'
import sys
rows = [r.split("|") for r in sys.argv[1:]]
screens = [r for r in rows if not r[0].startswith("nginx") and "manifest" not in r[0]]
nginx = next(r for r in rows if r[0].startswith("nginx"))
best = max(screens, key=lambda r: float(r[1]))
print(f"{'endpoint':34} {'bytes':>6} {'req/s':>8} {'p99 ms':>7} {'× best screen':>13} {'× nginx':>8}  non-2xx")
for r in rows:
    print(f"{r[0]:34} {r[4]:>6} {float(r[1]):>8.0f} {float(r[2]):>7.2f} {float(r[1])/float(best[1]):>13.2f} {float(r[1])/float(nginx[1]):>8.2f}  {r[3]}")
worst = min(screens, key=lambda r: float(r[1]))
print(f"best screen: {best[0]}; slowest: {worst[0]} ({float(worst[1])/float(best[1]):.2f} × best; goal ≥ 0.9)")
print(f"best screen against nginx: {float(best[1])/float(nginx[1]):.2f} (goal ≥ 0.6)")
with open("/dev/fd/3", "w") as f:
    for r in (best, worst, nginx):
        f.write(f"{r[0]}|{r[5]}|{r[6]}\n")
PY

echo "== the caller's own part of the shared live screens (GET …/screens/SECTION/mine, read per call; not in the goals)"
for e in "coffee-shop/menu" "events-club/events"; do
  slug=${e%%/*}
  url="http://127.0.0.1:$PORT/api/v1/$slug/screens/${e#*/}/mine"
  data=$(init_data "${links[$slug]}")
  read -r rps p99 bad <<<"$(measure "$url" "$data" 64)"
  printf '%-34s %8s req/s  p99 %7s ms  non-2xx %s\n' "$e/mine" "$rps" "$p99" "$bad"
done

echo "== wrk -t$threads -c1000 -d${duration}s: p99 at 1,000 connections (goal < 50 ms)"
while IFS='|' read -r name url data; do
  read -r rps p99 bad <<<"$(measure "$url" "$data" 1000)"
  printf '%-34s %8s req/s  p99 %7s ms  non-2xx %s\n' "$name" "$rps" "$p99" "$bad"
done <"$DATA_DIR/extremes"
