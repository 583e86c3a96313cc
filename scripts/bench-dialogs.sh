#!/usr/bin/env bash
# Benchmarks the dialogs inbox at scale: seeds CONVERSATIONS (default 100,000) participants of the
# coffee shop, each with a conversation and three messages (states, assignees, unread counts and
# waiting times spread over them), then times inside PostgreSQL (no network, no HTTP) the exact
# page queries the inbox runs (`ConversationStore.list`), 2,000 times each, from random keyset
# positions: by last message, by waiting time, filtered by state, assignee, unread. p50/p90/p99/max.
# Then the same over HTTP (release build unless BENCH_CONFIG=debug), one keep-alive connection,
# REQUESTS (default 300) sequential requests per case: first pages of the inbox and its filters, and
# searches (`q`) for a name, a username, a word in every message, a phrase in one message, a text in
# a few, and nothing.
# Usage: scripts/bench-dialogs.sh [conversations (default 100000)]
conversations="${1:-100000}"
REQUESTS=${REQUESTS:-300}
export TESSERA_BOT_TOKEN_COFFEE_SHOP="7000001:BENCHdialogsAAAAAAAAAAAAAAAAAAAAAAAAAAA"
source "$(dirname "$0")/bench/lib.sh"
export PGOPTIONS="-c client_min_messages=warning"
S=t_coffee_shop

echo "== seeding $conversations conversations"
start=$(date +%s.%N)
psql -qtA -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
SET synchronous_commit = off;
INSERT INTO $S.participants (telegram_id, first_name, username)
SELECT 600000000 + g, 'P' || g, 'user' || g FROM generate_series(1, $conversations) g;
INSERT INTO $S.messages (bot_id, participant_id, telegram_message_id, direction, text, created_at)
SELECT 7000001, p.id, k, 'in', 'question ' || k || ' of ' || p.id, now() - (p.id % 100000) * interval '1 minute' + k * interval '1 second'
FROM $S.participants p, generate_series(1, 3) k WHERE p.telegram_id > 600000000;
INSERT INTO $S.conversations (participant_id, state, assignee, last_message_at, last_message_id, waiting_since, unread_count)
SELECT participant_id, (ARRAY['open', 'pending', 'closed'])[1 + participant_id % 3],
       CASE WHEN participant_id % 4 = 0 THEN 'staff_person:' || (1 + participant_id % 10) END,
       max(created_at), max(id), CASE WHEN participant_id % 2 = 0 THEN min(created_at) END, (participant_id % 5)::int
FROM $S.messages GROUP BY participant_id;
VACUUM ANALYZE $S.participants;
VACUUM ANALYZE $S.messages;
VACUUM ANALYZE $S.conversations;
SQL
end=$(date +%s.%N)
python3 -c "print(f'seeded in {$end-$start:.1f} s')"
psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM $S.conversations" | sed 's/^/  conversations: /'
settle_after_seed

cols="c.id, c.state, c.assignee, c.last_message_at, c.last_message_at::text, c.waiting_since, c.waiting_since::text,
  c.unread_count::bigint, p.id, p.first_name, p.last_name, p.username, p.reachable, m.id, m.direction, m.kind, m.text, m.delivery"
from="FROM $S.conversations c JOIN $S.participants p ON p.id = c.participant_id LEFT JOIN $S.messages m ON m.id = c.last_message_id"
declare -A cases=(
  [last_message]="WHERE (c.last_message_at, c.id) < (k, i) ORDER BY c.last_message_at DESC, c.id DESC"
  [state_open]="WHERE c.state = 'open' AND (c.last_message_at, c.id) < (k, i) ORDER BY c.last_message_at DESC, c.id DESC"
  [assignee]="WHERE c.assignee = 'staff_person:3' AND (c.last_message_at, c.id) < (k, i) ORDER BY c.last_message_at DESC, c.id DESC"
  [unread]="WHERE c.unread_count > 0 AND (c.last_message_at, c.id) < (k, i) ORDER BY c.last_message_at DESC, c.id DESC"
  [waiting]="WHERE c.waiting_since IS NOT NULL AND (c.waiting_since, c.id) > (w, i) ORDER BY c.waiting_since, c.id"
  [waiting_open]="WHERE c.state = 'open' AND c.waiting_since IS NOT NULL AND (c.waiting_since, c.id) > (w, i) ORDER BY c.waiting_since, c.id"
)
echo "== one inbox page (LIMIT 51) in SQL, 2,000 random keyset positions each"
for name in last_message state_open assignee unread waiting waiting_open; do
  psql -qtA -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
CREATE TEMP TABLE timings (ms double precision);
CREATE TEMP TABLE positions AS
  SELECT last_message_at AS k, coalesce(waiting_since, last_message_at) AS w, id AS i
  FROM $S.conversations ORDER BY random() LIMIT 2000;
DO \$\$
DECLARE
  k timestamptz; w timestamptz; i bigint; t0 timestamptz; n bigint; r record;
BEGIN
  FOR k, w, i IN SELECT * FROM positions LOOP
    t0 := clock_timestamp();
    n := 0;
    FOR r IN SELECT $cols $from ${cases[$name]} LIMIT 51 LOOP n := n + 1; END LOOP;
    INSERT INTO timings VALUES (extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
END
\$\$;
SELECT '  $name: n=' || count(*) || ' p50=' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 3)
    || ' ms p90=' || round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::numeric, 3)
    || ' ms p99=' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 3)
    || ' ms max=' || round(max(ms)::numeric, 3) || ' ms' FROM timings;
SQL
done

STAFF=$(staff_token)
LO=$(psql -qtA "$DATABASE_URL" -c "SELECT min(id) FROM $S.participants WHERE telegram_id > 600000000")
echo "== the inbox over HTTP ($REQUESTS sequential requests per case, one connection)"
python3 - "$PORT" "$STAFF" "$REQUESTS" "$LO" "$conversations" <<'PY'
import random, sys, urllib.parse
sys.path.insert(0, "scripts/bench")
from staff_http import StaffClient, report as timed
port, token, n, lo, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
client = StaffClient(port, token)
base = "/admin/api/v1/coffee-shop/dialogs"
report = lambda name, make: timed(client, n, name, make, "conversations", width=44)
q = lambda text: base + "?q=" + urllib.parse.quote(text)
rand = lambda: random.randint(1, count)
report("inbox (last message)", lambda: base)
report("inbox state=open", lambda: base + "?state=open")
report("inbox unread=true", lambda: base + "?unread=true")
report("inbox sort=waiting", lambda: base + "?sort=waiting")
report("search a name (P<random>)", lambda: q("P" + str(rand())))
report("search a username (@user<random>)", lambda: q("@user" + str(rand())))
report("search a word in every message", lambda: q("question"))
report("search a phrase in one message", lambda: q(f"question 2 of {lo + rand() - 1}"))
report("search a text in a few messages (of <n>)", lambda: q(f"of {lo + random.randint(0, count // 10)}"))
report("search q=question, state=closed", lambda: base + "?state=closed&q=question")
report("search no match", lambda: q("zzqx" + str(random.randint(0, 999))))
PY
