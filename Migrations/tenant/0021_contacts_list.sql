-- The back office's Contacts list (People area): who left a contact value or answered the consent
-- question, newest change first, with keyset pages.
--
-- `contact_updated_at` is when the participant's contact card last changed: a value given,
-- changed or cleared, or consent given or withdrawn. Triggers keep it, so every writer (the
-- contact form, requestContact, a contact sent to the bot) is covered without knowing about it.
-- NULL: nothing was ever shared, and the participant is not in the list.
ALTER TABLE {{schema}}.participants ADD COLUMN contact_updated_at timestamptz;

UPDATE {{schema}}.participants p SET contact_updated_at = greatest(
    p.contact_consent_at, (SELECT max(v.given_at) FROM {{schema}}.contact_values v WHERE v.participant_id = p.id))
WHERE p.contact_consent_at IS NOT NULL
   OR EXISTS (SELECT 1 FROM {{schema}}.contact_values v WHERE v.participant_id = p.id);

CREATE FUNCTION {{schema}}.contact_values_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE {{schema}}.participants SET contact_updated_at = greatest(contact_updated_at, now())
        WHERE id = OLD.participant_id;
        RETURN OLD;
    END IF;
    UPDATE {{schema}}.participants SET contact_updated_at = greatest(contact_updated_at, NEW.given_at)
    WHERE id = NEW.participant_id;
    RETURN NEW;
END;
$fn$;

-- An unchanged value is not rewritten (ContactRecords' ON CONFLICT … WHERE), so it does not fire.
CREATE TRIGGER contact_values_touch AFTER INSERT OR UPDATE OR DELETE ON {{schema}}.contact_values
    FOR EACH ROW EXECUTE FUNCTION {{schema}}.contact_values_touch();

CREATE FUNCTION {{schema}}.contact_consent_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.contact_consent IS DISTINCT FROM OLD.contact_consent THEN
        NEW.contact_updated_at := greatest(NEW.contact_updated_at, coalesce(NEW.contact_consent_at, now()));
    END IF;
    RETURN NEW;
END;
$fn$;

-- `OF contact_consent`: the hot participant upserts (last_seen_at) never run it.
CREATE TRIGGER contact_consent_touch BEFORE UPDATE OF contact_consent ON {{schema}}.participants
    FOR EACH ROW EXECUTE FUNCTION {{schema}}.contact_consent_touch();

-- The list's order (both directions) and its "who is in it" condition in one partial index.
CREATE INDEX participants_contact_updated ON {{schema}}.participants (contact_updated_at, id)
    WHERE contact_updated_at IS NOT NULL;

-- Search by part of a phone number or an email address (`q`).
CREATE INDEX contact_values_search ON {{schema}}.contact_values USING gin
    ((lower(value #>> '{}')) public.gin_trgm_ops) WHERE field IN ('phone', 'email');
