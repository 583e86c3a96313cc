-- What staff did in the back office and through the admin API: who (a staff person or a staff
-- token, and the role they acted in), what (an action on a record), the record before and after
-- (jsonb, NULL for a creation or a deletion), when and from where. Append-only: every tenant
-- schema is owned by the same database role, so privileges cannot forbid UPDATE or DELETE here;
-- a trigger refuses them (and TRUNCATE) instead. Dropping the tenant's schema still removes it.
CREATE TABLE {{schema}}.audit_log (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    staff_person_id  bigint,
    staff_token_id   bigint,
    role             text NOT NULL CHECK (length(role) BETWEEN 1 AND 40),
    action           text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]{0,79}$'),
    record_type      text NOT NULL CHECK (record_type ~ '^[a-z][a-z0-9_]{0,59}$'),
    record_id        text NOT NULL DEFAULT '' CHECK (length(record_id) <= 100),
    before           jsonb,
    after            jsonb,
    address          text NOT NULL DEFAULT '' CHECK (length(address) <= 64),
    CHECK (num_nonnulls(staff_person_id, staff_token_id) = 1)
);

CREATE INDEX audit_log_record ON {{schema}}.audit_log (record_type, record_id, id);
CREATE INDEX audit_log_person ON {{schema}}.audit_log (staff_person_id, id) WHERE staff_person_id IS NOT NULL;

CREATE FUNCTION {{schema}}.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$fn$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON {{schema}}.audit_log
    FOR EACH ROW EXECUTE FUNCTION {{schema}}.audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {{schema}}.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.audit_log_append_only();
