-- Durable jobs (Kernel's JobQueue / JobRunner / JobStore): work done after a commit, outside the
-- request — bot replies, sign-in links, later mailings, reminders and outbound webhooks. They live
-- in each tenant's schema so a job is enqueued in the same transaction as the business write that
-- causes it (Citus schema sharding keeps a transaction on one schema): a rolled-back write leaves
-- no job, a committed one always has it.
--
-- state: queued (waiting for run_at) → running (leased: lease_until, leased_by) → done, or back to
-- queued with a later run_at after a failed attempt, or dead (a dead letter: max_attempts used up,
-- a permanent failure, no handler for the kind) — kept for staff to read and retry; cancelled:
-- staff withdrew a queued job. attempts counts leases, so a job whose process crashed mid-run
-- still uses up an attempt and a job that kills its process every time ends up dead.
--
-- dedupe_key is unique per kind for as long as the row exists, whatever its state (until pruning
-- deletes finished rows): the causes of work are delivered at least once (Telegram redelivers an
-- update, a client retries), often after the job already ran, so "unique while not done" would do
-- the work twice. Work that may legitimately recur names its occurrence in the key.
CREATE TABLE {{schema}}.jobs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,62}$'),
    payload       jsonb NOT NULL DEFAULT '{}',
    state         text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'running', 'done', 'dead', 'cancelled')),
    run_at        timestamptz NOT NULL DEFAULT now(),
    attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts  integer NOT NULL DEFAULT 10 CHECK (max_attempts BETWEEN 1 AND 1000),
    lease_until   timestamptz,
    leased_by     text,
    last_error    text CHECK (length(last_error) <= 2000),
    dedupe_key    text CHECK (length(dedupe_key) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    CHECK ((state = 'running') = (lease_until IS NOT NULL AND leased_by IS NOT NULL)),
    CHECK ((state IN ('done', 'dead', 'cancelled')) = (finished_at IS NOT NULL))
);

-- The lease query: the oldest due queued job (partial, so finished rows never slow it down).
CREATE INDEX jobs_due ON {{schema}}.jobs (run_at, id) WHERE state = 'queued';
-- Expired leases (a crashed or stuck process) are looked for on every pass.
CREATE INDEX jobs_leased ON {{schema}}.jobs (lease_until) WHERE state = 'running';
-- Pruning of finished jobs.
CREATE INDEX jobs_finished ON {{schema}}.jobs (finished_at) WHERE finished_at IS NOT NULL;
-- Staff's lists by state (and kind), newest first; the keyset cursor is the id.
CREATE INDEX jobs_by_state ON {{schema}}.jobs (state, id);
CREATE UNIQUE INDEX jobs_dedupe ON {{schema}}.jobs (kind, dedupe_key) WHERE dedupe_key IS NOT NULL;
