#!/usr/bin/env bash
# Benchmarks the shop's Stars checkout under `tessera dev` (its in-process Telegram simulator
# answers createInvoiceLink and drives the payments):
#   1. wrk POSTs /api/v1/coffee-shop/sections/menu/checkout {"product":…, "quantity":…}: each
#      request reserves stock, creates a pending order and gets its invoice link from the
#      simulator. Once for an unlimited product, once for one limited product that every request
#      contends for. Requests rotate over 200 buyers (initData signed with the dev bot's token) and
#      quantities 1…99, so no request repeats an open "buy now" (that would answer the open order).
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

token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["coffee-shop"])' "$DATA_DIR/dev-bots.json")
for product in filter bench-limited; do
  lua="$DATA_DIR/checkout-$product.lua"
  python3 - "$token" "$product" > "$lua" <<'PY'
import hashlib, hmac, json, sys, time, urllib.parse
token, product = sys.argv[1], sys.argv[2]
secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
def init_data(user_id):
    fields = {"auth_date": str(int(time.time())),
              "user": json.dumps({"id": user_id, "first_name": f"Buyer {user_id}", "language_code": "en"}, separators=(",", ":"))}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urllib.parse.urlencode(fields)
buyers = [init_data(910_000 + i) for i in range(200)]
print("local buyers = {" + ",".join(json.dumps("tma " + b) for b in buyers) + "}")
print("local product = " + json.dumps(product))
# wrk runs one Lua state per thread (-t2): thread i takes requests i, i + 2, i + 4, …
print("local k, step = 0, 2")
print("local threads = 0")
print("function setup(thread) thread:set('first', threads); threads = threads + 1 end")
print("function init(args) k = first or 0 end")
print('function request()')
print('  local buyer, quantity = k % #buyers + 1, math.floor(k / #buyers) % 99 + 1')
print('  k = k + step')
print('  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = buyers[buyer]},')
print('    string.format(\'{"product":"%s","quantity":%d}\', product, quantity))')
print('end')
PY
  echo "== checkout of \"$product\": wrk -t2 -c$conns -d${duration}s"
  wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$lua" "$api/sections/menu/checkout" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
done
echo "stock left of bench-limited: $(psql -qtA "$DATABASE_URL" -c "SELECT stock FROM t_coffee_shop.products WHERE key = 'bench-limited'") (started at 10000000)"

sim=$(grep -o "Telegram simulator on http://[^ ]*" "$DATA_DIR/dev.out" | awk '{print $4}')
echo "== paying $payments pending orders, $payers at a time, through the simulator ($sim)"
python3 - "$sim" "$payments" "$payers" "$DATABASE_URL" <<'PY'
import concurrent.futures, json, subprocess, sys, time, urllib.request
sim, n, conns, db = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = subprocess.run(["psql", "-qtA", "-F", " ", db, "-c",
    f"""SELECT o.invoice_link, p.telegram_id FROM t_coffee_shop.orders o JOIN t_coffee_shop.participants p ON p.id = o.participant_id
        WHERE o.status = 'pending' AND o.expires_at > now() ORDER BY o.id DESC LIMIT {n}"""],
    capture_output=True, text=True, check=True).stdout.split("\n")
orders = [row.split(" ") for row in rows if row]
def pay(order):
    link, user = order
    req = urllib.request.Request(f"{sim}/sim/bots/coffeeshop_bot/users/{user}/pay", data=json.dumps({"invoice": link}).encode(),
        method="POST", headers={"Content-Type": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r).get("paid") is True, time.perf_counter() - t
start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(conns) as pool:
    results = list(pool.map(pay, orders))
elapsed = time.perf_counter() - start
lat = sorted(r[1] for r in results)
ok = sum(1 for r in results if r[0])
print(f"paid {ok}/{len(orders)} in {elapsed:.2f} s = {ok/elapsed:,.0f} payments/s; "
      f"p50 {lat[len(lat)//2]*1000:.1f} ms, p99 {lat[int(len(lat)*0.99)-1]*1000:.1f} ms (each: invoice pay → 2 webhooks)")
PY
echo "orders: $(psql -qtA "$DATABASE_URL" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM t_coffee_shop.orders GROUP BY status ORDER BY status) s")"
echo "purchases: $(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM t_coffee_shop.purchases"), payments: $(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM t_coffee_shop.payments")"
