-- Telegram message ids restart with every bot: after a token change the new bot's ids can repeat
-- the old bot's, so the inbox's uniqueness includes the bot. Rows from before get bot_id 0 (the
-- sealed token cannot be read from SQL); new rows carry the id of the bot that saw the message.

ALTER TABLE {{schema}}.messages ADD COLUMN bot_id bigint NOT NULL DEFAULT 0;
ALTER TABLE {{schema}}.messages DROP CONSTRAINT IF EXISTS messages_participant_id_direction_telegram_message_id_key;
ALTER TABLE {{schema}}.messages
    ADD CONSTRAINT messages_bot_participant_direction_message_key
    UNIQUE (bot_id, participant_id, direction, telegram_message_id);
