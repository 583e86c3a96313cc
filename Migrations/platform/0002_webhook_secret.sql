-- The secret Telegram sends with every webhook call (X-Telegram-Bot-Api-Secret-Token), one per
-- tenant: 32 random bytes, base64url, sealed with TESSERA_MASTER_KEY like the bot token (bound to
-- the slug and its purpose). NULL for tenants created before it existed, until their webhook is
-- registered; a tenant without a secret accepts no webhook call.
ALTER TABLE {{schema}}.tenants ADD COLUMN webhook_secret_sealed bytea;
