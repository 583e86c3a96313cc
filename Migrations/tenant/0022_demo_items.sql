-- Demo content written by `tessera tenant seed` (and `tessera dev`), one row per item of a demo
-- file (tenants/demo/<slug>.json). The key is the item's stable demo key, so seeding again finds
-- it and writes nothing; two seeds at once meet on the primary key, and the second waits for the
-- first and then skips the item. `row_id` is the row the item became (a news post, an event, a
-- participant), so staff can tell demo rows from real ones.
CREATE TABLE {{schema}}.demo_items (
    kind       text NOT NULL CHECK (kind IN ('participant', 'news', 'event', 'points', 'referral')),
    key        text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,159}$'),
    row_id     bigint,
    seeded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, key)
);
