-- Live content of news and events sections. Every row names the blueprint section it belongs to
-- (a tenant may have several news or events sections); every statement names `{{schema}}`.

CREATE TABLE {{schema}}.news_posts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section      text NOT NULL CHECK (section ~ '^[a-z][a-z0-9-]{0,39}$'),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- Sanitised HTML (an allow-list of tags); never stored as the staff typed it.
    body         text NOT NULL DEFAULT '',
    image_url    text,
    categories   text[] NOT NULL DEFAULT '{}',
    pinned       boolean NOT NULL DEFAULT false,
    -- Hidden from end users until this instant (scheduled posts).
    publish_at   timestamptz NOT NULL DEFAULT now(),
    -- Unique viewers, kept in step with news_views.
    views        bigint NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The feed order and its keyset cursor: (pinned, publish_at, id), all descending.
CREATE INDEX news_posts_feed ON {{schema}}.news_posts (section, pinned DESC, publish_at DESC, id DESC);
CREATE INDEX news_posts_categories ON {{schema}}.news_posts USING gin (categories);

CREATE TABLE {{schema}}.news_views (
    post_id         bigint NOT NULL REFERENCES {{schema}}.news_posts (id) ON DELETE CASCADE,
    participant_id  bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    viewed_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, participant_id)
);

CREATE TABLE {{schema}}.events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section       text NOT NULL CHECK (section ~ '^[a-z][a-z0-9-]{0,39}$'),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- Sanitised HTML, like news bodies.
    description   text NOT NULL DEFAULT '',
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz CHECK (ends_at IS NULL OR ends_at > starts_at),
    place         text,
    link          text,
    -- NULL: the section's capacity_default (or unlimited).
    capacity      integer CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 100000),
    -- NULL: the section's ticket_price_default when it sells tickets.
    price_stars   integer CHECK (price_stars IS NULL OR price_stars BETWEEN 1 AND 100000),
    -- Seats held (registered + pending_payment); changed only under this row's lock.
    seats_taken   integer NOT NULL DEFAULT 0 CHECK (seats_taken >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_by_start ON {{schema}}.events (section, starts_at, id);

CREATE TABLE {{schema}}.event_registrations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        bigint NOT NULL REFERENCES {{schema}}.events (id) ON DELETE CASCADE,
    participant_id  bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    status          text NOT NULL
                    CHECK (status IN ('registered', 'waitlisted', 'pending_payment', 'cancelled')),
    -- Waitlist order (ascending, gaps allowed); set only while waitlisted.
    position        bigint CHECK ((status = 'waitlisted') = (position IS NOT NULL)),
    -- The registration form's answers.
    fields          jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    cancelled_at    timestamptz,
    UNIQUE (event_id, participant_id)
);

CREATE INDEX event_registrations_waitlist ON {{schema}}.event_registrations (event_id, position)
    WHERE status = 'waitlisted';
CREATE INDEX event_registrations_participant ON {{schema}}.event_registrations (participant_id, event_id);
