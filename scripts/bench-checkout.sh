#!/usr/bin/env bash
# Benchmarks the shop's Stars checkout under `tessera dev` (its in-process Telegram simulator
# answers createInvoiceLink and drives the payments):
#   1. wrk POSTs /api/v1/coffee-shop/sections/menu/checkout {"product":…}: each request reserves
#      stock, creates a pending order and gets its invoice link from the simulator. Once for an
#      unlimited product, once for one limited product that every request contends for.
#   2. Paying: N pending orders are paid concurrently through the simulator's control API, as
#      Telegram would: pre_checkout_query webhook → answerPreCheckoutQuery → successful_payment
#      webhook → order paid, purchases recorded.
# Usage: scripts/bench-checkout.sh [duration-seconds (default 15)] [connections (default 16)] [payments (default 400)]
#        [payers at once (default 4; the simulator's worker threads hold a payer while the server
#        answers the pre-checkout through the same simulator, so keep this below its 6 workers)]
duration="${1:-15}"
conns="${2:-16}"
payments="${3:-400}"
payers="${4:-4}"
source "$(dirname "$0")/bench/lib.sh"

api="http://127.0.0.1:$PORT/api/v1/coffee-shop"
psql -qtA "$DATABASE_URL" -c "INSERT INTO t_coffee_shop.products (section, key, origin, title, price_stars, stock)
  VALUES ('menu', 'bench-limited', 'admin', 'Limited', 10, 10000000) ON CONFLICT DO NOTHING" >/dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/json" -H "Authorization: tma $INIT_DATA" \
  --data '{"product":"filter"}' "$api/sections/menu/checkout")
[ "$status" = 201 ] || { echo "POST /checkout answered $status"; exit 1; }

for product in filter bench-limited; do
  lua="$DATA_DIR/checkout-$product.lua"
  python3 - "$INIT_DATA" "$product" > "$lua" <<'PY'
import json, sys
print('wrk.method = "POST"')
print('wrk.body = ' + json.dumps(json.dumps({"product": sys.argv[2]})))
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.headers["Authorization"] = ' + json.dumps("tma " + sys.argv[1]))
PY
  echo "== checkout of \"$product\": wrk -t2 -c$conns -d${duration}s"
  wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$lua" "$api/sections/menu/checkout" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
done
echo "stock left of bench-limited: $(psql -qtA "$DATABASE_URL" -c "SELECT stock FROM t_coffee_shop.products WHERE key = 'bench-limited'") (started at 10000000)"

sim=$(grep -o "Telegram simulator on http://[^ ]*" "$DATA_DIR/dev.out" | awk '{print $4}')
echo "== paying $payments pending orders, $payers at a time, through the simulator ($sim)"
python3 - "$sim" "$INIT_DATA" "$payments" "$payers" "$DATABASE_URL" <<'PY'
import concurrent.futures, json, subprocess, sys, time, urllib.parse, urllib.request
sim, init, n, conns, db = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
user = json.loads(dict(urllib.parse.parse_qsl(init))["user"])["id"]
links = subprocess.run(["psql", "-qtA", db, "-c",
    f"SELECT invoice_link FROM t_coffee_shop.orders WHERE status = 'pending' AND expires_at > now() ORDER BY id DESC LIMIT {n}"],
    capture_output=True, text=True, check=True).stdout.split()
def pay(link):
    req = urllib.request.Request(f"{sim}/sim/bots/coffeeshop_bot/users/{user}/pay", data=json.dumps({"invoice": link}).encode(),
        method="POST", headers={"Content-Type": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r).get("paid") is True, time.perf_counter() - t
start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(conns) as pool:
    results = list(pool.map(pay, links))
elapsed = time.perf_counter() - start
lat = sorted(r[1] for r in results)
ok = sum(1 for r in results if r[0])
print(f"paid {ok}/{len(links)} in {elapsed:.2f} s = {ok/elapsed:,.0f} payments/s; "
      f"p50 {lat[len(lat)//2]*1000:.1f} ms, p99 {lat[int(len(lat)*0.99)-1]*1000:.1f} ms (each: invoice pay → 2 webhooks)")
PY
echo "orders: $(psql -qtA "$DATABASE_URL" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM t_coffee_shop.orders GROUP BY status ORDER BY status) s")"
echo "purchases: $(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM t_coffee_shop.purchases"), payments: $(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM t_coffee_shop.payments")"
