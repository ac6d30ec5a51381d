-- The transcript segment count travels with the episode row, so listing episodes does not count
-- segments row by row (a correlated subquery that made GET /api/episodes slow on a large catalog).
ALTER TABLE episodes ADD COLUMN segment_count INT DEFAULT 0 NOT NULL;
UPDATE episodes SET segment_count = (SELECT COUNT(*) FROM transcript_segments t WHERE t.episode_id = episodes.id);
