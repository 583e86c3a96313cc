-- Search at scale: participant names and dialogs.

-- What `q` matches on a participant, stored: the lowercased name and username. The old index was
-- on the expression, which gave the planner no statistics to estimate how many rows a pattern
-- matches, and every row an ordered list walked past paid a lower() of its own. lower() follows
-- the database's LC_CTYPE (docs/operations.md: a UTF-8 one, or Cyrillic is not folded).
ALTER TABLE {{schema}}.participants
    ADD COLUMN search_text text GENERATED ALWAYS AS
        (lower(first_name || ' ' || coalesce(last_name, '') || ' ' || coalesce(username, ''))) STORED;

DROP INDEX {{schema}}.participants_search;
CREATE INDEX participants_search ON {{schema}}.participants USING gin (search_text public.gin_trgm_ops);

-- A search walks the list's order for a bounded window first (ParticipantDirectory): with the
-- search text in the index that walk reads the index alone.
DROP INDEX {{schema}}.participants_last_seen;
CREATE INDEX participants_last_seen ON {{schema}}.participants (last_seen_at, id) INCLUDE (search_text);
DROP INDEX {{schema}}.participants_first_seen;
CREATE INDEX participants_first_seen ON {{schema}}.participants (first_seen_at, id) INCLUDE (search_text);

-- The inbox search (`q`) matches message texts too (ConversationStore).
CREATE INDEX messages_text_search ON {{schema}}.messages USING gin ((lower(text)) public.gin_trgm_ops);
