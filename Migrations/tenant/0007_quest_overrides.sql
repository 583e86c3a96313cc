-- Staff overrides of the blueprint's quests (admin API): a quest can be paused or pay another
-- reward without a new blueprint version. Keyed by quest id, so an override outlives blueprint
-- versions for as long as the quest id is in the live blueprint; `tenant apply` and `rollback`
-- delete the rows of ids the new live version lacks.
CREATE TABLE {{schema}}.quest_overrides (
    quest_id        text PRIMARY KEY,
    paused          boolean NOT NULL DEFAULT false,
    -- null: the blueprint's reward.
    reward          bigint CHECK (reward IS NULL OR reward >= 0),
    updated_by      bigint NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The admin quest list's stats (claims per quest, last 7 days) without scanning every claim.
CREATE INDEX quest_claims_quest ON {{schema}}.quest_claims (quest_id, claimed_at);
