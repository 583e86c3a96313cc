#!/usr/bin/env bash
# Benchmarks the staff participant routes at scale: seeds PARTICIPANTS (default 1,000,000)
# coffee-shop participants (names from a pool, usernames, languages, sources, tags, reachability,
# first/last seen over a year, 5 % with a payment) and EVENTS (default 10,000,000) navigation
# events with generate_series, then measures over HTTP, one keep-alive connection, REQUESTS
# sequential requests per case (p50/p99/max):
#   1. the list with each single filter, and name searches;
#   2. a profile plus the first timeline page of a random participant;
#   3. the CSV export of every participant: rows/s, and the server's RSS before and at its peak.
# Usage: scripts/bench-people.sh [participants (default 1000000)] [events (default 10000000)]
participants="${1:-1000000}"
events="${2:-10000000}"
REQUESTS=${REQUESTS:-300}
source "$(dirname "$0")/bench/lib.sh"
export PGOPTIONS="-c client_min_messages=warning"
S=t_coffee_shop

echo "== seeding $participants participants and $events navigation events"
start=$(date +%s.%N)
psql -qtA -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
INSERT INTO $S.participants (telegram_id, first_name, last_name, username, language_code, source, tags, reachable, first_seen_at, last_seen_at)
SELECT 500000000 + g,
       (ARRAY['Anna','Boris','Chen','Daria','Emil','Fatima','Georg','Hana','Ivan','Julia','Kirill','Lena','Maxim','Nina','Oleg','Pavel'])[1 + g % 16],
       CASE WHEN g % 5 <> 0 THEN (ARRAY['Ivanova','Smith','Petrov','Garcia','Kim','Novak','Weber','Sokolov','Rossi','Tanaka'])[1 + (g / 16) % 10] || (g % 997) END,
       CASE WHEN g % 3 <> 0 THEN 'user' || g END,
       (ARRAY['ru','ru','en','en','de','es','uk','pt-br'])[1 + (g / 7) % 8],
       CASE g % 10 WHEN 0 THEN 'ads' WHEN 1 THEN 'qr' WHEN 2 THEN 'ref_' || (g % 1000) ELSE NULL END,
       CASE WHEN g % 10 = 0 THEN ARRAY['vip'] WHEN g % 100 = 1 THEN ARRAY['beta'] ELSE '{}' END,
       g % 20 <> 0,
       fs, fs + (random() * (now() - fs))
FROM generate_series(1, $participants) g, LATERAL (SELECT now() - random() * interval '365 days' + g * interval '0 s' AS fs) f;
INSERT INTO $S.payments (participant_id, telegram_user_id, telegram_payment_charge_id, currency, total_amount, invoice_payload)
SELECT id, telegram_id, 'bench-' || id, 'XTR', 50, 'order:0' FROM $S.participants WHERE id % 20 = 3;
CREATE TEMP TABLE bounds AS SELECT min(id) AS lo, max(id) AS hi FROM $S.participants;
INSERT INTO $S.nav_events (participant_id, kind, screen, occurred_at)
SELECT (SELECT lo FROM bounds) + floor(random() * (SELECT hi - lo + 1 FROM bounds))::bigint,
       CASE WHEN g % 3 = 0 THEN 'tap' ELSE 'screen_view' END,
       (ARRAY['home','menu','beans','news','top'])[1 + g % 5],
       now() - random() * interval '365 days'
FROM generate_series(1, $events) g;
VACUUM ANALYZE $S.participants;
VACUUM ANALYZE $S.nav_events;
VACUUM ANALYZE $S.payments;
SQL
end=$(date +%s.%N)
python3 -c "print(f'seeded in {$end-$start:.1f} s')"
psql -qtA "$DATABASE_URL" -c "SELECT pg_size_pretty(pg_total_relation_size('$S.participants')), pg_size_pretty(pg_total_relation_size('$S.nav_events'))" \
  | sed 's/^/  size (participants|nav_events with indexes): /'

settle_after_seed
STAFF=$(staff_token)
LO=$(psql -qtA "$DATABASE_URL" -c "SELECT min(id) FROM $S.participants")
HI=$(psql -qtA "$DATABASE_URL" -c "SELECT max(id) FROM $S.participants")

echo "== list, search, profile + timeline over HTTP ($REQUESTS sequential requests per case, one connection)"
python3 - "$PORT" "$STAFF" "$REQUESTS" "$LO" "$HI" <<'PY'
import random, sys, time, urllib.parse
sys.path.insert(0, "scripts/bench")
from staff_http import StaffClient, line, report
port, token, n, lo, hi = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
client = StaffClient(port, token)
base = "/admin/api/v1/coffee-shop/participants"
case = lambda name, make: report(client, n, name, make, "participants")
day = lambda d: urllib.parse.quote(time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(time.time() - d * 86400)))
names = ["anna", "boris", "chen", "ivanova", "smith 4", "petrov12", "user12345", "kim 99", "weber", "julia sok"]
case("list (default: -last_seen)", lambda: base)
case("list sort=name", lambda: base + "?sort=name")
case("list sort=first_seen", lambda: base + "?sort=first_seen")
case("list source=ads", lambda: base + "?source=ads")
case("list source=ref_42 (rare)", lambda: base + "?source=ref_42")
case("list tag=vip", lambda: base + "?tag=vip")
case("list tag=beta (1 %)", lambda: base + "?tag=beta")
case("list language=de", lambda: base + "?language=de")
case("list first_seen_from=30 days ago", lambda: base + "?first_seen_from=" + day(30))
case("list first_seen_to=300 days ago", lambda: base + "?first_seen_to=" + day(300))
case("list last_seen_from=7 days ago", lambda: base + "?last_seen_from=" + day(7))
case("list last_seen_to=200 days ago", lambda: base + "?last_seen_to=" + day(200))
case("list reachable=false", lambda: base + "?reachable=false")
case("list has_paid=true", lambda: base + "?has_paid=true")
case("list has_paid=false", lambda: base + "?has_paid=false")
case("search q=<name>", lambda: base + "?q=" + urllib.parse.quote(random.choice(names)))
case("search q=<telegram id>", lambda: base + "?q=" + str(500000000 + random.randint(1, hi - lo + 1)))
case("search q=<rare> (no match)", lambda: base + "?q=zzqx" + str(random.randint(0, 999)))
# The profile and its first timeline page of a random participant: each request and both together,
# over 3 × REQUESTS participants (a p99 of 300 samples is the 3rd-worst one).
both, profiles, timelines = [], [], []
for i in range(10 + 3 * n):
    pid = random.randint(lo, hi)
    a, _ = client.get(f"{base}/{pid}")
    b, _ = client.get(f"{base}/{pid}/timeline")
    if i >= 10:
        profiles.append(a); timelines.append(b); both.append(a + b)
print(line("profile", profiles))
print(line("timeline, first page", timelines))
print(line("profile + timeline (both requests)", both))
PY

echo "== CSV export of every participant"
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
before=$(rss)
peak_file="$DATA_DIR/peak"
( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null && [ ! -e "$DATA_DIR/done" ]; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" > "$peak_file"; sleep 0.1; done ) &
sampler=$!
start=$(date +%s.%N)
curl -sS --fail -H "Authorization: Bearer $STAFF" "http://127.0.0.1:$PORT/admin/api/v1/coffee-shop/participants/export.csv" -o "$DATA_DIR/export.csv"
end=$(date +%s.%N)
touch "$DATA_DIR/done"; wait "$sampler" 2>/dev/null || true
rows=$(($(wc -l < "$DATA_DIR/export.csv") - 1))
bytes=$(stat -c %s "$DATA_DIR/export.csv")
python3 -c "
s = $end - $start
print(f'  {$rows:,} rows, {$bytes / 1e6:.0f} MB in {s:.2f} s: {$rows / s:,.0f} rows/s; server RSS {$before / 1024:.0f} MiB before, peak {$(cat "$peak_file" 2>/dev/null || echo "$before") / 1024:.0f} MiB')"
