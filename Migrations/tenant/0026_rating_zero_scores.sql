-- A score back at zero is no score (Sources/Kernel/Ratings/ScoreRollup.swift): a buyer whose
-- orders were all refunded, or a participant whose points were reversed, leaves the board rather
-- than being listed and counted at 0. The writers remove such rows from now on; this removes the
-- ones already kept (migration 0024's backfill scored a refunded order zero, live refunds left 0).

DELETE FROM {{schema}}.rating_scores WHERE points = 0;
DELETE FROM {{schema}}.rating_counts WHERE points = 0;
