-- Job control (issue 9): an episode's priority (0 urgent, 1 normal, 2 bulk; lower is taken first),
-- who cancelled it and when, and the concurrency permits shared by every replica.
ALTER TABLE episodes ADD COLUMN priority SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE episodes ADD COLUMN cancelled_by VARCHAR(200);
ALTER TABLE episodes ADD COLUMN cancelled_at TIMESTAMP WITH TIME ZONE;

-- due work: RECEIVED rows by priority, then oldest first
CREATE INDEX ix_episodes_due_priority ON episodes (state, priority, id);
-- throughput in GET /api/queue/stats counts recent 'processed' events
CREATE INDEX ix_episode_events_event_at ON episode_events (event, at);

-- One row per slot of a concurrency limit (kind 'ffmpeg', 'upload.youtube', ...). A free slot has no
-- holder; a held one has a lease its holder renews while the job runs, so the slot of a replica
-- that died is taken again once its lease is over.
CREATE TABLE job_permits (
    kind        VARCHAR(100) NOT NULL,
    slot        INT NOT NULL,
    holder      VARCHAR(300),
    episode_id  BIGINT,
    acquired_at TIMESTAMP WITH TIME ZONE,
    lease_until TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (kind, slot)
);
