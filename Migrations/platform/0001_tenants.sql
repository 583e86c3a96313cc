-- The control plane: the tenant directory and every tenant's blueprint versions.
-- `{{schema}}` is replaced by the quoted platform schema name.

CREATE TABLE {{schema}}.tenants (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                  text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{2,39}$'),
    title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- Where the tenant's data lives: a database key (resolved to a DSN by configuration) and a
    -- schema. Tenants can then be spread over several PostgreSQL clusters.
    database_key          text NOT NULL DEFAULT 'default',
    schema_name           text NOT NULL UNIQUE CHECK (schema_name ~ '^[a-z_][a-z0-9_]{0,62}$'),
    schema_version        bigint NOT NULL DEFAULT 0,
    status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    bot_username          text NOT NULL,
    -- AES-256-GCM(nonce ‖ ciphertext ‖ tag) under TESSERA_MASTER_KEY; never returned.
    bot_token_sealed      bytea NOT NULL,
    live_version          bigint,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.blueprint_versions (
    tenant_id    bigint NOT NULL REFERENCES {{schema}}.tenants (id) ON DELETE CASCADE,
    version      bigint NOT NULL CHECK (version >= 1),
    document     text NOT NULL,
    checksum     text NOT NULL,
    source       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, version)
);

-- Platform administrators and staff API tokens (only SHA-256 hashes are stored).
CREATE TABLE {{schema}}.admins (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    token_hash   text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

CREATE TABLE {{schema}}.api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint NOT NULL REFERENCES {{schema}}.tenants (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('owner', 'manager')),
    name         text NOT NULL DEFAULT '',
    token_hash   text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_tokens_tenant ON {{schema}}.api_tokens (tenant_id);
