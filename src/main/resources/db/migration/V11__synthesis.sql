-- Speech synthesis (issue 7). Portable SQL: H2 in PostgreSQL mode and PostgreSQL 15.

-- Audio already paid for: one row per sha-256 of (normalized text, voice name, format). The file
-- (media_path, below castwire.home) is written before its row, so a row always has its audio.
CREATE TABLE synthesis_cache (
    hash         VARCHAR(64) PRIMARY KEY,
    provider     VARCHAR(100) NOT NULL,
    voice        VARCHAR(100) NOT NULL,
    characters   INT NOT NULL,
    duration_ms  BIGINT NOT NULL,
    media_path   VARCHAR(1000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What the synthesis step made for an episode: kind intro, outro, teaser (rank = the clip's rank)
-- or stitched (the episode with intro and outro). status SYNTHESIZED (provider says which),
-- TEXT_ONLY (no provider produced audio; reason says why), STITCHED or SKIPPED.
CREATE TABLE synthesis_artifacts (
    episode_id   BIGINT NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    rank_no      INT NOT NULL,
    status       VARCHAR(16) NOT NULL,
    provider     VARCHAR(100),
    voice        VARCHAR(100),
    text_spoken  VARCHAR(4000),
    cache_hash   VARCHAR(64),
    media_path   VARCHAR(1000),
    duration_ms  BIGINT,
    reason       VARCHAR(4000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_synthesis_artifacts PRIMARY KEY (episode_id, kind, rank_no)
);
