-- A tenant's audience. `{{schema}}` is replaced by the tenant's quoted schema name; every
-- statement names it explicitly (no search_path), so the schema can live on any cluster.

CREATE TABLE {{schema}}.participants (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    telegram_id     bigint NOT NULL UNIQUE,
    first_name      text NOT NULL,
    last_name       text,
    username        text,
    language_code   text,
    is_premium      boolean NOT NULL DEFAULT false,
    photo_url       text,
    -- start_param of the first contact: the acquisition source. Never overwritten.
    source          text,
    tags            text[] NOT NULL DEFAULT '{}',
    reachable       boolean NOT NULL DEFAULT true,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX participants_source ON {{schema}}.participants (source) WHERE source IS NOT NULL;
CREATE INDEX participants_last_seen ON {{schema}}.participants (last_seen_at);
