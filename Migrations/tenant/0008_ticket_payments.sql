-- Paid event tickets (Telegram Stars). A registration for a paid event waits in
-- 'pending_payment' (holding its seat) until the payment for its invoice (payload
-- 'ticket:<registration id>') arrives; unpaid ones expire and give the seat back.

ALTER TABLE {{schema}}.event_registrations
    -- The price the invoice asks for (whole Stars), fixed when the seat was taken.
    ADD COLUMN price_stars integer CHECK (price_stars IS NULL OR price_stars > 0),
    -- Until when an unpaid seat is held; past it the registration is cancelled (lazily).
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN invoice_link text,
    ADD COLUMN payment_id bigint REFERENCES {{schema}}.payments (id),
    ADD COLUMN telegram_payment_charge_id text UNIQUE,
    ADD COLUMN paid_at timestamptz,
    ADD COLUMN refunded_at timestamptz;

CREATE INDEX event_registrations_unpaid ON {{schema}}.event_registrations (event_id, expires_at)
    WHERE status = 'pending_payment';
