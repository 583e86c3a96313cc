-- The back office's Overview. Indexes for joins per day and their start parameters
-- (first_seen_at, source read from the index), and for orders and revenue per day (paid_at).
-- DAU/WAU/MAU read participants_last_seen (0001).

CREATE INDEX participants_joined_source ON {{schema}}.participants (first_seen_at) INCLUDE (source);
CREATE INDEX payments_paid_at ON {{schema}}.payments (paid_at);

-- Mini-app visitors per UTC day, kept by the navigation-event intake (ActiveDays): who visited
-- on each of the last 40 days, and how many visited on each day. Not backfilled from nav_events:
-- at a million events a day that would hold the migration for minutes; days before the upgrade
-- show no visitors.
CREATE TABLE {{schema}}.active_days (
    day             date NOT NULL,
    participant_id  bigint NOT NULL,
    PRIMARY KEY (day, participant_id)
);

CREATE TABLE {{schema}}.daily_active (
    day             date PRIMARY KEY,
    participants    bigint NOT NULL CHECK (participants >= 0)
);
