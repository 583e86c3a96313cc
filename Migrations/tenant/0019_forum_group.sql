-- The staff forum group: one supergroup with topics per tenant, one topic per customer's
-- conversation (conversations.forum_chat_id / forum_thread_id, from 0018).

-- At most one row: the linked group. broken_reason is set when Telegram refused the bot for good
-- (removed from the group, rights taken away); relinking clears it.
CREATE TABLE {{schema}}.forum_link (
    singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    chat_id           bigint NOT NULL CHECK (chat_id < 0),
    title             text NOT NULL DEFAULT '' CHECK (length(title) <= 255),
    linked_by         text NOT NULL CHECK (linked_by ~ '^staff_(person|token):[0-9]+$'),
    linked_at         timestamptz NOT NULL DEFAULT now(),
    broken_reason     text CHECK (length(broken_reason) <= 500),
    broken_at         timestamptz,
    -- Group messages not sent to a customer: strangers, bots, commands, outside customer topics.
    ignored_messages  bigint NOT NULL DEFAULT 0 CHECK (ignored_messages >= 0)
);

-- One topic per conversation, and a topic belongs to one conversation.
CREATE UNIQUE INDEX conversations_forum_topic ON {{schema}}.conversations (forum_chat_id, forum_thread_id)
    WHERE forum_thread_id IS NOT NULL;

-- The message's counterpart in the topic: the copy of a customer's message or of an office reply,
-- or the staff member's original that was copied to the customer.
ALTER TABLE {{schema}}.messages ADD COLUMN forum_message_id bigint;
