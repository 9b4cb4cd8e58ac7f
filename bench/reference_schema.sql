-- The reference design's schema and indexes, exactly, for the benchmark's
-- baseline database.
CREATE TABLE delivery_events (
  id            BIGSERIAL PRIMARY KEY,
  event_type    TEXT NOT NULL,
  service       TEXT NOT NULL,
  team          TEXT,
  environment   TEXT,
  commit_sha    TEXT,
  first_commit_ts TIMESTAMPTZ,
  occurred_at   TIMESTAMPTZ NOT NULL,
  success       BOOLEAN,
  is_rollback   BOOLEAN DEFAULT FALSE,
  incident_id   TEXT,
  source        TEXT NOT NULL,
  payload       JSONB,
  ingested_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_events_service_time ON delivery_events (service, occurred_at);
CREATE INDEX idx_events_type ON delivery_events (event_type, environment);
