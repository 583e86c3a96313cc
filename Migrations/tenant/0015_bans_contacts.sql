-- The ban list and contacts (People area).
--
-- A ban's current state lives on the participant row, so every check that already reads the row
-- (the mini app's upsert, the bot's) sees it for free; `ban_events` is the append-only history.
-- A ban with `banned_until` in the past no longer applies: expiry needs no job.
ALTER TABLE {{schema}}.participants
    ADD COLUMN banned_at        timestamptz,
    ADD COLUMN banned_until     timestamptz,
    ADD COLUMN ban_reason       text,
    -- What a banned participant sent the bot, counted instead of stored.
    ADD COLUMN dropped_messages bigint NOT NULL DEFAULT 0,
    -- Consent to be contacted (true/false) and when it was last given or withdrawn.
    ADD COLUMN contact_consent    boolean,
    ADD COLUMN contact_consent_at timestamptz;

CREATE INDEX participants_banned ON {{schema}}.participants (banned_at DESC, id DESC) WHERE banned_at IS NOT NULL;

CREATE TABLE {{schema}}.ban_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    action         text NOT NULL CHECK (action IN ('ban', 'unban')),
    reason         text,
    banned_until   timestamptz,
    -- The staff member who acted: their name, and `staff_token:<id>` or `staff_person:<id>`.
    staff_name     text NOT NULL,
    staff_actor    text NOT NULL CHECK (staff_actor ~ '^staff_(token|person):[0-9]+$'),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ban_events_participant ON {{schema}}.ban_events (participant_id, id DESC);

-- History is never rewritten: only erasing the participant (ON DELETE CASCADE) removes rows.
CREATE FUNCTION {{schema}}.ban_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ban_events is append-only' USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER ban_events_append_only BEFORE UPDATE ON {{schema}}.ban_events
    FOR EACH ROW EXECUTE FUNCTION {{schema}}.ban_events_append_only();

-- What a participant chose to share: `phone`, `email`, or a blueprint `contact_fields` id, each
-- with when and how it was given (`way`).
CREATE TABLE {{schema}}.contact_values (
    participant_id bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    field          text NOT NULL,
    value          jsonb NOT NULL,
    way            text NOT NULL CHECK (way IN ('mini_app_request_contact', 'bot_contact', 'form')),
    given_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (participant_id, field)
);
