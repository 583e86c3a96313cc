-- The shop: a catalogue paid in Telegram Stars, server-side carts, orders and what was bought.
-- Money is whole Stars (integer). Stock is reserved when an order is created and given back when
-- the order expires, is cancelled, or is refunded before it was shipped.

-- The catalogue. Products declared in the blueprint are synced in (origin 'blueprint', keyed by
-- their blueprint id); staff add more through the admin API (origin 'admin').
CREATE TABLE {{schema}}.products (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section      text NOT NULL CHECK (section ~ '^[a-z][a-z0-9-]{0,39}$'),
    -- The product's id in actions and paths: the blueprint id, or one staff chose.
    key          text NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]{0,39}$'),
    origin       text NOT NULL CHECK (origin IN ('blueprint', 'admin')),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description  text NOT NULL DEFAULT '',
    image_url    text,
    category     text,
    price_stars  integer NOT NULL CHECK (price_stars BETWEEN 1 AND 100000),
    -- NULL: unlimited. Only ever changed by conditional updates that keep it >= 0.
    stock        integer CHECK (stock IS NULL OR stock >= 0),
    kind         text NOT NULL DEFAULT 'digital' CHECK (kind IN ('digital', 'physical')),
    -- Inactive products are hidden and cannot be ordered; rows stay for order history.
    active       boolean NOT NULL DEFAULT true,
    position     integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (section, key)
);

CREATE INDEX products_catalogue ON {{schema}}.products (section, position, id) WHERE active;

-- One cart per participant and shop section, kept on the server.
CREATE TABLE {{schema}}.cart_items (
    participant_id  bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    product_id      bigint NOT NULL REFERENCES {{schema}}.products (id) ON DELETE CASCADE,
    section         text NOT NULL,
    quantity        integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (participant_id, product_id)
);

CREATE INDEX cart_items_section ON {{schema}}.cart_items (participant_id, section);

-- Orders: pending → paid → refunded; pending → cancelled | expired. The invoice payload carries
-- `order:<id>`; the Telegram charge id of the payment that paid it is unique.
CREATE TABLE {{schema}}.orders (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section                     text NOT NULL,
    participant_id              bigint NOT NULL REFERENCES {{schema}}.participants (id),
    status                      text NOT NULL CHECK (status IN ('pending', 'paid', 'refunded', 'cancelled', 'expired')),
    currency                    text NOT NULL DEFAULT 'XTR' CHECK (currency = 'XTR'),
    total_stars                 bigint NOT NULL CHECK (total_stars BETWEEN 1 AND 10000000),
    invoice_link                text,
    expires_at                  timestamptz NOT NULL,
    payment_id                  bigint REFERENCES {{schema}}.payments (id),
    telegram_payment_charge_id  text UNIQUE,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    paid_at                     timestamptz,
    shipped_at                  timestamptz,
    refunded_at                 timestamptz,
    closed_at                   timestamptz,
    CHECK ((status IN ('paid', 'refunded')) = (paid_at IS NOT NULL)),
    CHECK ((status = 'refunded') = (refunded_at IS NOT NULL))
);

CREATE INDEX orders_participant ON {{schema}}.orders (participant_id, id DESC);
CREATE INDEX orders_pending_expiry ON {{schema}}.orders (expires_at) WHERE status = 'pending';
CREATE INDEX orders_by_status ON {{schema}}.orders (status, id DESC);

-- What an order holds, with the price and title as they were at checkout. Append-only.
CREATE TABLE {{schema}}.order_items (
    order_id           bigint NOT NULL REFERENCES {{schema}}.orders (id) ON DELETE CASCADE,
    product_id         bigint NOT NULL REFERENCES {{schema}}.products (id),
    title              text NOT NULL,
    kind               text NOT NULL,
    unit_price_stars   integer NOT NULL CHECK (unit_price_stars BETWEEN 1 AND 100000),
    quantity           integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    PRIMARY KEY (order_id, product_id)
);

-- What a participant owns: one row per paid order item; a refund sets refunded_at, nothing is deleted.
CREATE TABLE {{schema}}.purchases (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id  bigint NOT NULL REFERENCES {{schema}}.participants (id),
    product_id      bigint NOT NULL REFERENCES {{schema}}.products (id),
    order_id        bigint NOT NULL REFERENCES {{schema}}.orders (id),
    quantity        integer NOT NULL CHECK (quantity >= 1),
    stars           bigint NOT NULL CHECK (stars >= 0),
    purchased_at    timestamptz NOT NULL DEFAULT now(),
    refunded_at     timestamptz,
    UNIQUE (order_id, product_id)
);

CREATE INDEX purchases_participant ON {{schema}}.purchases (participant_id, purchased_at DESC);
