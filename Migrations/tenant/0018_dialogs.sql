-- The dialogs inbox: one conversation per participant, over the `messages` the bot stores.
-- Incoming messages keep what Telegram sent (kind, caption as text, the attachment's file_id);
-- outgoing ones are staff replies with their delivery state, sent by `dialogs.reply` jobs.

ALTER TABLE {{schema}}.messages
    ADD COLUMN kind text NOT NULL DEFAULT 'text'
        CHECK (kind IN ('text', 'photo', 'document', 'voice', 'video', 'sticker', 'contact', 'unsupported')),
    -- What Telegram said about the attachment: file_id, file_unique_id, sizes, names, the contact…
    ADD COLUMN attachment jsonb,
    -- Outgoing only: queued (a job will send it), sent, failed (with Telegram's reason).
    ADD COLUMN delivery text CHECK (delivery IN ('queued', 'sent', 'failed')),
    ADD COLUMN delivery_error text,
    ADD COLUMN sent_at timestamptz,
    -- Outgoing only: who wrote it (`staff_person:<id>` / `staff_token:<id>`) and the client's id of
    -- the submission, so that a repeated submission (a double click) stores one message.
    ADD COLUMN author text CHECK (author ~ '^staff_(person|token):[0-9]+$'),
    ADD COLUMN client_id text CHECK (length(client_id) BETWEEN 1 AND 100);
-- What the bot sent before (notifications; no author = the bot itself) went out. Incoming
-- messages have no delivery state; outgoing ones written elsewhere without one count as sent.
UPDATE {{schema}}.messages SET delivery = 'sent', sent_at = created_at WHERE direction = 'out';
ALTER TABLE {{schema}}.messages ADD CONSTRAINT messages_in_no_delivery CHECK (direction = 'out' OR delivery IS NULL);

CREATE UNIQUE INDEX messages_client_id ON {{schema}}.messages (participant_id, client_id) WHERE client_id IS NOT NULL;
-- A conversation's messages newest first, by keyset on id; and the tenant's message feed (`after`).
CREATE INDEX messages_participant_id ON {{schema}}.messages (participant_id, id DESC);

-- A file a staff reply uploads (photo or document), kept until it is sent: job payloads hold
-- references only.
CREATE TABLE {{schema}}.message_uploads (
    message_id  bigint PRIMARY KEY REFERENCES {{schema}}.messages (id) ON DELETE CASCADE,
    file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    mime_type   text NOT NULL CHECK (length(mime_type) BETWEEN 1 AND 255),
    bytes       bytea NOT NULL
);

CREATE TABLE {{schema}}.conversations (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_id    bigint NOT NULL UNIQUE REFERENCES {{schema}}.participants (id) ON DELETE CASCADE,
    state             text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'pending', 'closed')),
    -- The staff member it is assigned to (`staff_person:<id>` / `staff_token:<id>`), if any.
    assignee          text CHECK (assignee ~ '^staff_(person|token):[0-9]+$'),
    last_message_at   timestamptz NOT NULL,
    last_message_id   bigint NOT NULL,
    -- The oldest customer message no staff reply has followed yet; NULL when answered.
    waiting_since     timestamptz,
    -- Customer messages staff have not read yet.
    unread_count      integer NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
    -- The staff forum group's topic for this customer (a later feature; NULL until then).
    forum_chat_id     bigint,
    forum_thread_id   bigint,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- The inbox's keyset orders, with and without the usual filters.
CREATE INDEX conversations_last ON {{schema}}.conversations (last_message_at DESC, id DESC);
CREATE INDEX conversations_state_last ON {{schema}}.conversations (state, last_message_at DESC, id DESC);
CREATE INDEX conversations_assignee_last ON {{schema}}.conversations (assignee, last_message_at DESC, id DESC);
CREATE INDEX conversations_waiting ON {{schema}}.conversations (waiting_since, id) WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_state_waiting ON {{schema}}.conversations (state, waiting_since, id)
    WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_unread ON {{schema}}.conversations (last_message_at DESC, id DESC) WHERE unread_count > 0;

-- Participants who wrote before the inbox existed get their conversation (read, open).
INSERT INTO {{schema}}.conversations (participant_id, last_message_at, last_message_id)
SELECT participant_id, max(created_at), max(id) FROM {{schema}}.messages
GROUP BY participant_id HAVING bool_or(direction = 'in');
