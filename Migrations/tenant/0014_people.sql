-- People: what the back office's participant list, search, profile and timeline need.

-- Trigram search over names and usernames. pg_trgm ships with PostgreSQL (contrib) and is a
-- trusted extension; it lives in `public` for the whole database, so every tenant shares it.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
EXCEPTION WHEN unique_violation THEN
    NULL; -- another tenant's migration created it at the same moment
END
$$;

-- `q` matches this text (the expression is repeated verbatim in Sources/People/Participants).
CREATE INDEX participants_search ON {{schema}}.participants USING gin
    ((lower(first_name || ' ' || coalesce(last_name, '') || ' ' || coalesce(username, ''))) public.gin_trgm_ops);

-- Keyset pagination: one index per sort order, each ending in the id that breaks ties.
DROP INDEX {{schema}}.participants_last_seen;
CREATE INDEX participants_last_seen ON {{schema}}.participants (last_seen_at, id);
CREATE INDEX participants_first_seen ON {{schema}}.participants (first_seen_at, id);
CREATE INDEX participants_name ON {{schema}}.participants ((lower(first_name || ' ' || coalesce(last_name, ''))), id);
CREATE INDEX participants_tags ON {{schema}}.participants USING gin (tags);
CREATE INDEX participants_language ON {{schema}}.participants (language_code);

-- A participant's timeline reads their navigation newest first.
CREATE INDEX nav_events_participant ON {{schema}}.nav_events (participant_id, occurred_at DESC, id DESC);

-- Staff notes on a participant: append-only (rows go only with their participant); the text is
-- stored as written (renderers escape it).
CREATE TABLE {{schema}}.participant_notes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id  bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    -- Who wrote it: a staff API token or a person signed in to the back office (StaffActor).
    author_kind     text NOT NULL CHECK (author_kind IN ('token', 'person')),
    author_id       bigint NOT NULL,
    author_name     text NOT NULL,
    text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX participant_notes_participant ON {{schema}}.participant_notes (participant_id, id DESC);

CREATE FUNCTION {{schema}}.participant_notes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'participant notes are append-only' USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER participant_notes_append_only BEFORE UPDATE ON {{schema}}.participant_notes
    FOR EACH ROW EXECUTE FUNCTION {{schema}}.participant_notes_append_only();
