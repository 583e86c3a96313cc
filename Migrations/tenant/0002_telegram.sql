-- The bot's side of a tenant: updates received through the webhook, the dialogs inbox,
-- referrals and Telegram Stars payments.

-- Every update Telegram delivered. Inserting the row is the acknowledgement: the webhook answers
-- 200 only after it is committed, and a row stays here, unprocessed, until processing commits.
CREATE TABLE {{schema}}.updates (
    update_id        bigint PRIMARY KEY,
    kind             text NOT NULL,
    payload          jsonb NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    processed_at     timestamptz,
    attempts         integer NOT NULL DEFAULT 0,
    last_attempt_at  timestamptz,
    last_error       text
);

CREATE INDEX updates_pending ON {{schema}}.updates (update_id) WHERE processed_at IS NULL;

-- Messages between the bot and a participant, both directions, for the dialogs inbox.
CREATE TABLE {{schema}}.messages (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id       bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    telegram_message_id  bigint,
    direction            text NOT NULL CHECK (direction IN ('in', 'out')),
    text                 text NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (participant_id, direction, telegram_message_id)
);

CREATE INDEX messages_participant ON {{schema}}.messages (participant_id, created_at DESC);

-- Who brought whom (`/start ref_<participant id>`): a participant is referred at most once.
CREATE TABLE {{schema}}.referrals (
    referrer_id  bigint NOT NULL REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    referred_id  bigint NOT NULL UNIQUE REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (referrer_id <> referred_id)
);

CREATE INDEX referrals_referrer ON {{schema}}.referrals (referrer_id);

-- Payments Telegram confirmed (successful_payment). The charge id is the idempotency key.
CREATE TABLE {{schema}}.payments (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id              bigint REFERENCES {{schema}}.participants (id) ON DELETE SET NULL,
    telegram_user_id            bigint NOT NULL,
    telegram_payment_charge_id  text NOT NULL UNIQUE,
    provider_payment_charge_id  text,
    currency                    text NOT NULL,
    total_amount                bigint NOT NULL CHECK (total_amount >= 0),
    invoice_payload             text NOT NULL,
    paid_at                     timestamptz NOT NULL DEFAULT now(),
    refunded_at                 timestamptz
);

CREATE INDEX payments_participant ON {{schema}}.payments (participant_id);
