-- The back office's Overview: joins per day and their start parameters (first_seen_at), orders
-- and revenue per day (paid_at). DAU/WAU/MAU use participants_last_seen (0001).

CREATE INDEX participants_first_seen ON {{schema}}.participants (first_seen_at) INCLUDE (source);
CREATE INDEX payments_paid_at ON {{schema}}.payments (paid_at);
