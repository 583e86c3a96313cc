-- Navigation analytics: what participants viewed and tapped in the mini app. Append-only and
-- written in batches; BRIN on time keeps inserts cheap while time-range scans stay fast.

CREATE TABLE {{schema}}.nav_events (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    participant_id  bigint NOT NULL,
    kind            text NOT NULL,
    screen          text,
    target          text,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    props           jsonb
);

CREATE INDEX nav_events_occurred ON {{schema}}.nav_events USING brin (occurred_at);
