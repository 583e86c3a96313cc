-- Back-office staff: people, their role in each tenant, one-time links, sessions and sign-in
-- rate limiting. Secrets (link tokens, session ids) are stored only as SHA-256 hex digests;
-- passwords only as scrypt hashes ($scrypt$ln=…,r=…,p=…$salt$hash).

-- A person may be staff of several tenants. email is unique ignoring case. password_hash is NULL
-- until the person accepts an invitation (an invitation naming an email creates the row at once).
CREATE TABLE {{schema}}.staff_people (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
    display_name        text NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
    password_hash       text CHECK (password_hash LIKE '$scrypt$%'),
    locale              text NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
    telegram_user_id    bigint UNIQUE CHECK (telegram_user_id > 0),
    disabled            boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX staff_people_email ON {{schema}}.staff_people (lower(email));

-- One role per person and tenant.
CREATE TABLE {{schema}}.staff_memberships (
    tenant_id    bigint NOT NULL REFERENCES {{schema}}.tenants (id) ON DELETE CASCADE,
    person_id    bigint NOT NULL REFERENCES {{schema}}.staff_people (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('owner', 'manager', 'support', 'analyst')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id)
);

CREATE INDEX staff_memberships_person ON {{schema}}.staff_memberships (person_id);

-- One-time links: invitations (to a tenant with a role, for a named email or whoever accepts),
-- password resets and "sign in with Telegram" (for a person). A link is used by the one UPDATE
-- that sets used_at while it is still NULL, so of two people accepting at once exactly one wins.
CREATE TABLE {{schema}}.staff_links (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'telegram_sign_in')),
    token_hash     text NOT NULL UNIQUE,
    tenant_id      bigint REFERENCES {{schema}}.tenants (id) ON DELETE CASCADE,
    role           text CHECK (role IN ('owner', 'manager', 'support', 'analyst')),
    person_id      bigint REFERENCES {{schema}}.staff_people (id) ON DELETE CASCADE,
    display_name   text NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz,
    used_by        bigint REFERENCES {{schema}}.staff_people (id) ON DELETE SET NULL,
    CHECK (kind <> 'invitation' OR (tenant_id IS NOT NULL AND role IS NOT NULL)),
    CHECK (kind = 'invitation' OR person_id IS NOT NULL)
);

CREATE INDEX staff_links_tenant ON {{schema}}.staff_links (tenant_id) WHERE tenant_id IS NOT NULL;
CREATE INDEX staff_links_person ON {{schema}}.staff_links (person_id) WHERE person_id IS NOT NULL;

-- Server-side sessions. The cookie holds the session token; only its hash is here. csrf_token is
-- the per-session secret a state-changing request must echo (useless without the cookie).
CREATE TABLE {{schema}}.staff_sessions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash     text NOT NULL UNIQUE,
    person_id      bigint NOT NULL REFERENCES {{schema}}.staff_people (id) ON DELETE CASCADE,
    csrf_token     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    address        text NOT NULL DEFAULT '' CHECK (length(address) <= 64),
    user_agent     text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512)
);

CREATE INDEX staff_sessions_person ON {{schema}}.staff_sessions (person_id) WHERE revoked_at IS NULL;

-- Failed sign-ins, one row per failure and key ('account:<email>' or 'address:<ip>'), shared
-- by every server. Rows older than the rate-limit window are pruned.
CREATE TABLE {{schema}}.staff_sign_in_failures (
    key      text NOT NULL CHECK (length(key) <= 300),
    at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX staff_sign_in_failures_key ON {{schema}}.staff_sign_in_failures (key, at);
