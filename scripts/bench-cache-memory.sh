#!/usr/bin/env bash
# Measures what the in-memory caches cost: the release `tessera dev` server's RSS with N extra
# tenants (default 1,000; the sample blueprints in turn), before and after every section and the
# manifest of each is opened in two locales (an English and a Russian user per tenant), and after
# a second pass (all answered from memory). Prints VmRSS at each step and the growth per tenant.
# Usage: scripts/bench-cache-memory.sh [tenants (default 1000)] [parallel creates (default 2)]
tenants="${1:-1000}"
parallel="${2:-2}"
source "$(dirname "$0")/bench/lib.sh"
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
mkdir -p "$DATA_DIR/mem"
echo "rss_kib start (3 sample tenants): $(rss)"

# Tenant files and their bot tokens (fake, in Telegram's shape).
blueprints=(coffee-shop events-club paid-channel)
for i in $(seq 1 "$tenants"); do
  bp=${blueprints[$(( (i - 1) % 3 ))]}
  printf '{"slug":"mem-%05d","title":"Tenant %d","bot":{"username":"mem%05d_bot","token_env":"TESSERA_BOT_TOKEN_MEM"},"blueprint":"%s/blueprints/%s.json"}\n' \
    "$i" "$i" "$i" "$PWD" "$bp" >"$DATA_DIR/mem/$i.json"
done
export DATABASE_URL TESSERA_MASTER_KEY="$(cat "$DATA_DIR/master.key")" TESSERA_LOG_LEVEL=error DATA_DIR BENCH_CONFIG
started=$(date +%s)
seq 1 "$tenants" | xargs -P "$parallel" -I{} sh -c '
  token=$(printf "%d:MEMtokenSECRETSECRETSECRETSECR%05d" $((4000000 + {})) {})
  TESSERA_BOT_TOKEN_MEM=$token ".build/$BENCH_CONFIG/tessera" tenant create "$DATA_DIR/mem/{}.json" >/dev/null 2>"$DATA_DIR/mem/{}.err" \
    || { echo "tenant {}:"; cat "$DATA_DIR/mem/{}.err"; exit 255; }
  [ $(({} % 100)) -eq 0 ] && echo "  created {} tenants" || true'
echo "created $tenants tenants in $(( $(date +%s) - started )) s"

python3 - "$PORT" "$tenants" "$SERVER_PID" <<'PY'
import hashlib, hmac, http.client, json, sys, time, urllib.parse
port, tenants, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"): return int(line.split()[1])
def sign(token, user_id, lang):
    user = json.dumps({"id": user_id, "first_name": "Mem", "language_code": lang}, separators=(",", ":"))
    fields = {"user": user, "auth_date": str(int(time.time()))}
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urllib.parse.urlencode(fields)
bps = ["coffee-shop", "events-club", "paid-channel"]
sections = {b: [s["id"] for s in json.load(open(f"blueprints/{b}.json"))["sections"]] for b in bps}
conn = http.client.HTTPConnection("127.0.0.1", port)
def get(path, init):
    global conn
    for _ in range(3):
        try:
            conn.request("GET", path, headers={"Authorization": "tma " + init})
            r = conn.getresponse(); r.read(); return r.status
        except (http.client.HTTPException, OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port)
    raise SystemExit(f"{path}: no answer")
# Wait until the server knows the last tenant.
last = f"mem-{tenants:05d}"
token = lambda i: f"{4000000 + i}:MEMtokenSECRETSECRETSECRETSECR{i:05d}"
deadline = time.time() + 120
while get(f"/api/v1/{last}/app", sign(token(tenants), 1, "en")) != 200:
    if time.time() > deadline: raise SystemExit(f"{last} is not served")
    time.sleep(0.5)
time.sleep(2)
print(f"rss_kib with {tenants} more tenants loaded (before any screen): {rss()}")
base = rss()
for n in (1, 2):
    started, codes = time.time(), {}
    for i in range(1, tenants + 1):
        slug, bp = f"mem-{i:05d}", bps[(i - 1) % 3]
        for user, lang in ((1, "en"), (2, "ru")):
            init = sign(token(i), user, lang)
            for path in [f"/api/v1/{slug}/app"] + [f"/api/v1/{slug}/screens/{s}" for s in sections[bp]]:
                status = get(path, init)
                codes[status] = codes.get(status, 0) + 1
    took = time.time() - started
    now = rss()
    print(f"pass {n}: {sum(codes.values())} requests in {took:.0f} s, statuses {codes}; rss_kib {now}"
          f" (+{(now - base) / 1024:.0f} MiB over the loaded tenants, {(now - base) / tenants:.0f} KiB per tenant)")
PY
