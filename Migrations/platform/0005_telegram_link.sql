-- A fourth kind of one-time link: "link my Telegram account". The office hands it out as the
-- deep link https://t.me/<bot>?start=staff_<token>; the tenant's bot (tenant_id) receives
-- /start with it and ties the sender's Telegram user id to the person (person_id).
ALTER TABLE {{schema}}.staff_links DROP CONSTRAINT staff_links_kind_check;
ALTER TABLE {{schema}}.staff_links ADD CONSTRAINT staff_links_kind_check
    CHECK (kind IN ('invitation', 'password_reset', 'telegram_sign_in', 'telegram_link'));
ALTER TABLE {{schema}}.staff_links ADD CONSTRAINT staff_links_telegram_link_tenant
    CHECK (kind <> 'telegram_link' OR tenant_id IS NOT NULL);
