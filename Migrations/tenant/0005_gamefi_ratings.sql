-- GameFi and ratings: the points ledger, leaderboard rollups, quest claims, tap-game state and
-- section visits.

-- Every point ever awarded or taken back, one row per movement. Append-only: rows are never
-- updated or deleted (a trigger refuses it); a reversal is a row with a negative amount. The
-- idempotency key makes every award happen at most once however often a claim is retried.
CREATE TABLE {{schema}}.points_ledger (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id   bigint NOT NULL,
    amount           bigint NOT NULL CHECK (amount <> 0),
    reason           text NOT NULL,
    reference        text,
    idempotency_key  text NOT NULL UNIQUE,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX points_ledger_participant ON {{schema}}.points_ledger (participant_id, id);

CREATE FUNCTION {{schema}}.points_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'points_ledger is append-only; record a reversal instead' USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON {{schema}}.points_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.points_ledger_append_only();

-- Leaderboard rollups, maintained in the award's transaction. `source` is what a board ranks by
-- (`points` now; `purchases` and `referrals` later), `period` one of week, month, all_time, and
-- `period_start` its first UTC day (Monday, the 1st, or 1970-01-01 for all time).
CREATE TABLE {{schema}}.rating_scores (
    source          text NOT NULL,
    period          text NOT NULL,
    period_start    date NOT NULL,
    participant_id  bigint NOT NULL,
    points          bigint NOT NULL,
    PRIMARY KEY (source, period, period_start, participant_id)
);

-- Top N and neighbours walk this index from either side of a score.
CREATE INDEX rating_scores_rank ON {{schema}}.rating_scores (source, period, period_start, points DESC, participant_id);

-- How many participants hold each distinct score: "my rank" is 1 + the sum over the scores above
-- mine, a scan of distinct values (thousands) instead of participants (millions).
CREATE TABLE {{schema}}.rating_counts (
    source          text NOT NULL,
    period          text NOT NULL,
    period_start    date NOT NULL,
    points          bigint NOT NULL,
    participants    bigint NOT NULL,
    PRIMARY KEY (source, period, period_start, points) INCLUDE (participants)
);

-- One row per quest claim: the period is the UTC day for daily check-ins, `once` otherwise.
CREATE TABLE {{schema}}.quest_claims (
    participant_id  bigint NOT NULL,
    quest_id        text NOT NULL,
    period          text NOT NULL,
    streak          bigint NOT NULL DEFAULT 0,
    points          bigint NOT NULL,
    claimed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (participant_id, quest_id, period)
);

-- The tap game's server-side limits (see GameFi/Tap/TapRules.swift for the units).
CREATE TABLE {{schema}}.tap_state (
    participant_id  bigint PRIMARY KEY,
    energy_units    bigint NOT NULL,
    token_units     bigint NOT NULL,
    updated_ms      bigint NOT NULL
);

-- Sections a participant opened, for open_section quests (first visit only).
CREATE TABLE {{schema}}.section_visits (
    participant_id  bigint NOT NULL,
    section         text NOT NULL,
    first_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (participant_id, section)
);
