-- Telegram numbers updates per bot, so after a token change (`tessera tenant apply` with a new
-- bot) the new bot's update_ids can repeat stored ones. Updates are keyed by (bot_id, update_id);
-- bot_id is the numeric id from the token the tenant had when the update arrived.
-- Rows stored before this migration get bot_id 0: the bot token is sealed, so SQL cannot read
-- the bot's id. They are told apart from the new rows all the same (a new bot's ids never meet 0),
-- and Telegram never re-delivers an update it got a 200 for, so none of them is duplicated later.
ALTER TABLE {{schema}}.updates ADD COLUMN bot_id bigint NOT NULL DEFAULT 0;
ALTER TABLE {{schema}}.updates ALTER COLUMN bot_id DROP DEFAULT;
ALTER TABLE {{schema}}.updates DROP CONSTRAINT updates_pkey;
ALTER TABLE {{schema}}.updates ADD PRIMARY KEY (bot_id, update_id);
DROP INDEX {{schema}}.updates_pending;
CREATE INDEX updates_pending ON {{schema}}.updates (bot_id, update_id) WHERE processed_at IS NULL;

-- A successful_payment is recorded in `payments` in a step of its own, committed before the area
-- (shop, events) handles it, so a payment whose handling keeps failing still leaves its row.
-- handled_at is set in the transaction in which the area took the payment; NULL = not yet (or the
-- update was given up on: see `updates.last_error`). Rows from before were handled with the insert.
ALTER TABLE {{schema}}.payments ADD COLUMN handled_at timestamptz;
UPDATE {{schema}}.payments SET handled_at = paid_at;
