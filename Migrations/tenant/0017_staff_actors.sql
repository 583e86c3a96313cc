-- Staff writes come from API tokens or from people signed in to the back office: quest overrides
-- say which kind of id `updated_by` holds.
ALTER TABLE {{schema}}.quest_overrides
    ADD COLUMN updated_by_kind text NOT NULL DEFAULT 'token' CHECK (updated_by_kind IN ('token', 'person'));
