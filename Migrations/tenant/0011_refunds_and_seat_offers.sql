-- Quest rewards taken back after refunds, and the bot's seat offers to people moved up from a
-- waitlist.

-- A one-off quest claim can be revoked: a "reach N purchases" quest whose buyer drops below N
-- through a refund gets a reversal in points_ledger (key 'reversal:' || the award's key) and the
-- claim row keeps what happened. A later claim of the same quest is a new row with period
-- 'once:2', 'once:3', … (the award key follows the period), so every award and every reversal is
-- recorded once. reversed_points is what the reversal took back; shortfall what it could not
-- (points spent meanwhile: the balance never goes below zero); settled the shortfall a later
-- claim of the quest paid off instead of paying points.
ALTER TABLE {{schema}}.quest_claims
    ADD COLUMN revoked_at timestamptz,
    ADD COLUMN reversed_points bigint NOT NULL DEFAULT 0 CHECK (reversed_points >= 0),
    ADD COLUMN shortfall bigint NOT NULL DEFAULT 0 CHECK (shortfall >= 0),
    ADD COLUMN settled bigint NOT NULL DEFAULT 0 CHECK (settled >= 0);

-- At most one standing claim per participant and one-off quest.
CREATE UNIQUE INDEX quest_claims_one_standing ON {{schema}}.quest_claims (participant_id, quest_id)
    WHERE revoked_at IS NULL AND period LIKE 'once%';

-- One bot message per move up from the waitlist into a seat (unique: a registration moves up at
-- most once per transaction), written in the transaction that moved it up and sent after
-- the commit (SeatOffers): `pending` until sent; `obsolete` when the seat was paid, cancelled or
-- expired before the message went out; `failed` when the bot cannot reach the person (blocked)
-- or after the last attempt. next_attempt_at is the earliest next try: a sender takes a row by
-- moving it a lease ahead, so two servers never send the same offer at once.
CREATE TABLE {{schema}}.seat_offers (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id  bigint NOT NULL REFERENCES {{schema}}.event_registrations (id) ON DELETE CASCADE,
    promoted_at      timestamptz NOT NULL,
    participant_id   bigint NOT NULL,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'obsolete', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    sent_at          timestamptz,
    UNIQUE (registration_id, promoted_at),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);

CREATE INDEX seat_offers_due ON {{schema}}.seat_offers (next_attempt_at) WHERE state = 'pending';
