#!/usr/bin/env bash
# Benchmarks leaderboards at scale: seeds PARTICIPANTS (default 1,000,000) participants of the
# coffee shop with log-normal points (all time; 60 % of them also this month) straight into the
# rollups with generate_series, then measures
#   1. "my rank" in SQL: the exact query the server runs, timed inside PostgreSQL for 5,000
#      random participants (no network, no HTTP), p50/p90/p99/max;
#   2. the whole endpoint GET /api/v1/coffee-shop/ratings/beans (top 10, my rank, neighbours,
#      participant count) through HTTP with wrk, each request signed for one of USERS random
#      seeded participants.
# Usage: scripts/bench-ratings.sh [participants (default 1000000)] [wrk seconds (default 15)] [connections (default 16)]
participants="${1:-1000000}"
duration="${2:-15}"
conns="${3:-16}"
USERS=${USERS:-2000}
export TESSERA_BOT_TOKEN_COFFEE_SHOP="7000001:BENCHratingsAAAAAAAAAAAAAAAAAAAAAAAAAA"
source "$(dirname "$0")/bench/lib.sh"
export PGOPTIONS="-c client_min_messages=warning"
S=t_coffee_shop
month=$(date -u +%Y-%m-01)

echo "== seeding $participants participants"
start=$(date +%s.%N)
psql -qtA -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
SET synchronous_commit = off;
INSERT INTO $S.participants (telegram_id, first_name)
SELECT 500000000 + g, 'P' || g FROM generate_series(1, $participants) g;
-- Log-normal points (median e^5 ≈ 148, a long tail into six figures), via Box–Muller.
CREATE TEMP TABLE seed AS
SELECT id, greatest(1, floor(exp(5 + 1.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::bigint AS points,
       random() < 0.6 AS this_month
FROM $S.participants WHERE telegram_id > 500000000;
INSERT INTO $S.rating_scores (source, period, period_start, participant_id, points)
SELECT 'points', 'all_time', '1970-01-01', id, points FROM seed;
INSERT INTO $S.rating_scores (source, period, period_start, participant_id, points)
SELECT 'points', 'month', '$month', id, greatest(1, points / 3) FROM seed WHERE this_month;
INSERT INTO $S.rating_counts (source, period, period_start, points, participants)
SELECT source, period, period_start, points, count(*) FROM $S.rating_scores GROUP BY 1, 2, 3, 4;
VACUUM ANALYZE $S.participants;
VACUUM ANALYZE $S.rating_scores;
VACUUM ANALYZE $S.rating_counts;
SQL
end=$(date +%s.%N)
python3 -c "print(f'seeded in {$end-$start:.1f} s')"
psql -qtA "$DATABASE_URL" -c "SELECT period, count(*) AS distinct_scores, sum(participants) AS participants, max(points) FROM $S.rating_counts GROUP BY period ORDER BY period" \
  | sed 's/^/  distinct scores per period (period|distinct|participants|max): /'

echo "== \"my rank\" in SQL, 5,000 random participants (all_time, then month)"
for period in all_time month; do
  pstart=$([ "$period" = month ] && echo "$month" || echo 1970-01-01)
  psql -qtA -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
CREATE TEMP TABLE timings (ms double precision);
DO \$\$
DECLARE
  pid bigint; mine bigint; r bigint; total bigint; t0 timestamptz; lo bigint; hi bigint;
BEGIN
  SELECT min(id), max(id) INTO lo, hi FROM $S.participants WHERE telegram_id > 500000000;
  FOR i IN 1..5000 LOOP
    pid := lo + floor(random() * (hi - lo + 1))::bigint;
    t0 := clock_timestamp();
    SELECT points INTO mine FROM $S.rating_scores
      WHERE source = 'points' AND period = '$period' AND period_start = '$pstart' AND participant_id = pid;
    IF mine IS NOT NULL THEN
      -- As RatingStore: the rank and the board's size from one scan of the distinct scores.
      SELECT 1 + coalesce(sum(participants) FILTER (WHERE points > mine), 0), coalesce(sum(participants), 0) INTO r, total
        FROM $S.rating_counts WHERE source = 'points' AND period = '$period' AND period_start = '$pstart';
      INSERT INTO timings VALUES (extract(epoch FROM clock_timestamp() - t0) * 1000);
    END IF;
  END LOOP;
END
\$\$;
SELECT '  $period: n=' || count(*) || ' p50=' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 3)
    || ' ms p90=' || round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::numeric, 3)
    || ' ms p99=' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 3)
    || ' ms max=' || round(max(ms)::numeric, 3) || ' ms' FROM timings;
SQL
done

echo "== GET /api/v1/coffee-shop/ratings/beans over HTTP, $USERS random participants"
lua="$DATA_DIR/ratings.lua"
python3 - "$USERS" "$participants" "$TESSERA_BOT_TOKEN_COFFEE_SHOP" "$PORT" > "$lua" <<'PY'
import hashlib, hmac, json, random, sys, time, urllib.parse, http.client
users, participants, token, port = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
def sign(uid):
    fields = [("user", json.dumps({"id": 500000000 + uid, "first_name": f"P{uid}"}, separators=(",", ":"))),
              ("auth_date", str(int(time.time())))]
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields))
    fields.append(("hash", hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()))
    return urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
tokens = [sign(random.randint(1, participants)) for _ in range(users)]
# Warm-up: the first call of each user records the participant (a write); measure steady state.
conn = http.client.HTTPConnection("127.0.0.1", port)
for t in tokens:
    conn.request("GET", "/api/v1/coffee-shop/ratings/beans?period=all_time", headers={"Authorization": "tma " + t})
    r = conn.getresponse(); r.read()
    assert r.status == 200, r.status
print("local tokens = {" + ",".join(json.dumps("tma " + t) for t in tokens) + "}")
print('local periods = {"all_time", "month"}')
print("local n = 0")
print("init = function(args) math.randomseed(os.time() + math.floor(os.clock() * 1000000)) end")
print('request = function() n = n + 1; return wrk.format("GET", "/api/v1/coffee-shop/ratings/beans?period=" .. periods[n % 2 + 1], {["Authorization"] = tokens[math.random(#tokens)]}) end')
PY
for c in 2 "$conns"; do
  echo "wrk -t2 -c$c -d${duration}s (alternating all_time and month)"
  wrk -t2 -c"$c" -d"${duration}s" --latency -s "$lua" "http://127.0.0.1:$PORT/" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
done
