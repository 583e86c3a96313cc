-- Referrals and purchases boards read the rollups too (see Sources/Kernel/Ratings/ScoreRollup.swift):
-- from now on every recorded referral adds one friend to the referrer, every paid order adds its
-- Stars to the buyer and a refund takes them back. This fills the rollups from what is already
-- stored: referrals by their created_at, paid orders by their paid_at (a refunded one scores zero,
-- as if refunded live), in week (Monday), month (the 1st) and all-time (1970-01-01) periods, UTC.

-- Friends who first opened the mini app through `startapp=ref_<id>` are referrals too now (the
-- participant tracker records them); those who came before get their row from their first contact.
INSERT INTO {{schema}}.referrals (referrer_id, referred_id, created_at)
SELECT r.id, p.id, p.first_seen_at
FROM {{schema}}.participants p JOIN {{schema}}.participants r ON p.source = 'ref_' || r.id::text
WHERE r.id < p.id
ON CONFLICT (referred_id) DO NOTHING;

DELETE FROM {{schema}}.rating_scores WHERE source IN ('referrals', 'purchases');
DELETE FROM {{schema}}.rating_counts WHERE source IN ('referrals', 'purchases');

WITH facts (source, participant_id, at, amount) AS (
    SELECT 'referrals', referrer_id, created_at, 1::bigint FROM {{schema}}.referrals
    UNION ALL
    -- A refunded order counts zero: live, its refund took its Stars back from the same periods.
    SELECT 'purchases', participant_id, paid_at, CASE WHEN status = 'paid' THEN total_stars ELSE 0 END
    FROM {{schema}}.orders WHERE status IN ('paid', 'refunded')
), days AS (
    SELECT source, participant_id, (at AT TIME ZONE 'UTC')::date AS day, amount FROM facts
)
INSERT INTO {{schema}}.rating_scores (source, period, period_start, participant_id, points)
SELECT source, period, period_start, participant_id, sum(amount)
FROM days
CROSS JOIN LATERAL (VALUES
    ('week', day - (extract(isodow FROM day)::integer - 1)),
    ('month', day - (extract(day FROM day)::integer - 1)),
    ('all_time', DATE '1970-01-01')
) AS p (period, period_start)
GROUP BY source, period, period_start, participant_id;

INSERT INTO {{schema}}.rating_counts (source, period, period_start, points, participants)
SELECT source, period, period_start, points, count(*)
FROM {{schema}}.rating_scores
WHERE source IN ('referrals', 'purchases')
GROUP BY source, period, period_start, points;
