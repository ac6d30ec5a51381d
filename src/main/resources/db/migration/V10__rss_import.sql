-- RSS import (issue 6). Portable SQL: H2 in PostgreSQL mode and PostgreSQL 15.

-- The import-once ledger: one row per item of an imported feed, keyed by the feed's name and the
-- item's guid (or its enclosure URL when it has none). A row is written before anything is fetched,
-- so a restart, a re-poll, another replica or an item edited later finds it and imports nothing
-- twice. state: PENDING (to fetch, at next_attempt_at), IMPORTED (episode_id; duplicate when the
-- same bytes were already an episode), FAILED (reason, attempts), SKIPPED (no enclosure).
-- claimed_by/claimed_until: the replica fetching it now.
CREATE TABLE rss_import_items (
    feed             VARCHAR(100) NOT NULL,
    item_key         VARCHAR(1000) NOT NULL,
    guid             VARCHAR(1000),
    enclosure_url    VARCHAR(4000),
    enclosure_type   VARCHAR(100),
    title            VARCHAR(500),
    published_at     TIMESTAMP WITH TIME ZONE,
    itunes_episode   INT,
    itunes_season    INT,
    itunes_type      VARCHAR(16),
    itunes_explicit  BOOLEAN,
    itunes_duration  BIGINT,
    image_url        VARCHAR(2000),
    state            VARCHAR(16) NOT NULL,
    episode_id       BIGINT,
    duplicate        BOOLEAN DEFAULT FALSE NOT NULL,
    reason           VARCHAR(2000),
    attempts         INT DEFAULT 0 NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by       VARCHAR(200),
    claimed_until    TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_rss_import_items PRIMARY KEY (feed, item_key)
);
CREATE INDEX ix_rss_import_items_due ON rss_import_items (feed, state, next_attempt_at);
CREATE INDEX ix_rss_import_items_episode ON rss_import_items (episode_id);

-- The last poll of each feed, shared by the replicas: when, how it ended, what it found.
CREATE TABLE rss_import_feeds (
    feed             VARCHAR(100) PRIMARY KEY,
    last_started_at  TIMESTAMP WITH TIME ZONE,
    last_finished_at TIMESTAMP WITH TIME ZONE,
    last_outcome     VARCHAR(16),
    last_summary     VARCHAR(4000),
    last_ok_at       TIMESTAMP WITH TIME ZONE,
    polls            BIGINT DEFAULT 0 NOT NULL
);
