-- Generated metadata (processing step "metadata"): one row per episode, replaced when the episode is processed
-- again. Each field says where it came from: llm:<provider> or extractive. "applied" lists the fields that filled
-- an empty title or description of the episode itself (producer-supplied values are never overwritten).
CREATE TABLE generated_metadata (
    episode_id          BIGINT NOT NULL PRIMARY KEY REFERENCES episodes (id),
    title               VARCHAR(500),
    title_source        VARCHAR(64) NOT NULL,
    description         TEXT,
    description_source  VARCHAR(64) NOT NULL,
    tags                TEXT NOT NULL,
    tags_source         VARCHAR(64) NOT NULL,
    chapters            TEXT NOT NULL,
    chapters_source     VARCHAR(64) NOT NULL,
    applied             VARCHAR(200) NOT NULL,
    notes               VARCHAR(4000),
    llm_calls           INT NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
