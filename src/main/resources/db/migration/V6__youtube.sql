-- YouTube destination (issue 5).

-- One row per channel castwire uploads to: its OAuth refresh token, encrypted (AES-256-GCM, key
-- from castwire.publish.youtube.token-key-env), and whether its uploads are parked because Google
-- refused the grant (invalid_grant) until an admin stores a new token.
CREATE TABLE youtube_channels (
    channel        VARCHAR(100) PRIMARY KEY,
    refresh_token  TEXT,
    parked_at      TIMESTAMP WITH TIME ZONE,
    parked_reason  VARCHAR(1000),
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The upload of one publication: the resumable session and what it has committed, so a retry or a
-- restart resumes instead of uploading again, and the video id once YouTube has it. Captions and
-- thumbnail are follow-up steps, each done once.
CREATE TABLE youtube_uploads (
    publication_id   BIGINT PRIMARY KEY,
    channel          VARCHAR(100) NOT NULL,
    source_path      VARCHAR(2000),
    source_sha256    VARCHAR(64),
    total_bytes      BIGINT,
    session_uri      VARCHAR(4000),
    sessions         BIGINT DEFAULT 0 NOT NULL,
    committed_bytes  BIGINT DEFAULT 0 NOT NULL,
    video_id         VARCHAR(100),
    captions_at      TIMESTAMP WITH TIME ZONE,
    thumbnail_at     TIMESTAMP WITH TIME ZONE,
    note             VARCHAR(1000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_youtube_uploads_video ON youtube_uploads (video_id);

-- Data API quota spent, per Pacific day (Google resets at midnight America/Los_Angeles) and method.
CREATE TABLE youtube_quota (
    pacific_day  VARCHAR(10) NOT NULL,
    method       VARCHAR(50) NOT NULL,
    calls        BIGINT DEFAULT 0 NOT NULL,
    units        BIGINT DEFAULT 0 NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_youtube_quota PRIMARY KEY (pacific_day, method)
);

-- YouTube Analytics per video and day (the import job upserts; a rerun overwrites the same row).
CREATE TABLE youtube_video_stats (
    video_id          VARCHAR(100) NOT NULL,
    stat_day          VARCHAR(10) NOT NULL,
    episode_id        BIGINT NOT NULL,
    clip_id           BIGINT DEFAULT 0 NOT NULL,
    views             BIGINT DEFAULT 0 NOT NULL,
    minutes_watched   BIGINT DEFAULT 0 NOT NULL,
    likes             BIGINT DEFAULT 0 NOT NULL,
    imported_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_youtube_video_stats PRIMARY KEY (video_id, stat_day)
);
CREATE INDEX ix_youtube_video_stats_episode ON youtube_video_stats (episode_id);
