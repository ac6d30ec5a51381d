package io.castwire.ingest.rssimport;

import io.castwire.episode.EpisodeRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The import-once ledger ({@code rss_import_items}) and each feed's last poll ({@code
 * rss_import_feeds}). An item's row is written before its enclosure is fetched; a fetch is done by
 * the replica that claimed the row, so two replicas or two polls never fetch the same item at once.
 */
@Repository
public class RssImportLedger {

    public static final String PENDING = "PENDING";
    public static final String IMPORTED = "IMPORTED";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";

    /** One ledger row. */
    public record Item(String feed, String key, String guid, String enclosureUrl, String enclosureType, String title, Instant publishedAt,
                       Integer itunesEpisode, Integer itunesSeason, String itunesType, Boolean explicit, Long durationMs,
                       String imageUrl, String state, Long episodeId, boolean duplicate, String reason, int attempts,
                       Instant nextAttemptAt, Instant createdAt, Instant updatedAt) {
    }

    /** A feed's last poll. */
    public record Poll(Instant startedAt, Instant finishedAt, String outcome, String summary, Instant lastOkAt, long polls) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public RssImportLedger(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return EpisodeRepository.tsOf(clock.instant());
    }

    /**
     * Records a newly seen item (PENDING, or SKIPPED with the reason). Returns false when the
     * feed already has a row for its key, whatever that row says: an item is taken once.
     */
    public boolean record(String feed, FeedEntry e, String state, String reason) {
        try {
            jdbc.update("""
                    INSERT INTO rss_import_items (feed, item_key, guid, enclosure_url, enclosure_type, title, published_at, itunes_episode,
                        itunes_season, itunes_type, itunes_explicit, itunes_duration, image_url, state, reason, attempts,
                        next_attempt_at, created_at, updated_at)
                    VALUES (:feed, :key, :guid, :url, :enclosureType, :title, :published, :episode, :season, :type, :explicit, :duration,
                        :image, :state, :reason, 0, :now, :now, :now)""", new MapSqlParameterSource()
                    .addValue("feed", feed).addValue("key", e.key()).addValue("guid", cut(e.guid(), 1000))
                    .addValue("url", cut(e.enclosureUrl(), 4000)).addValue("enclosureType", cut(e.enclosureType(), 100))
                    .addValue("title", cut(e.title(), 500))
                    .addValue("published", EpisodeRepository.tsOf(e.publishedAt()))
                    .addValue("episode", e.itunesEpisode()).addValue("season", e.itunesSeason())
                    .addValue("type", e.itunesType()).addValue("explicit", e.explicit()).addValue("duration", e.durationMs())
                    .addValue("image", cut(e.imageUrl(), 2000)).addValue("state", state).addValue("reason", cut(reason, 2000))
                    .addValue("now", now()));
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    /** A SKIPPED item (no enclosure) that has gained one since becomes PENDING; true when it did. */
    public boolean reconsider(String feed, FeedEntry e) {
        return jdbc.update("""
                UPDATE rss_import_items SET state = 'PENDING', enclosure_url = :url, enclosure_type = :enclosureType, reason = NULL, next_attempt_at = :now,
                    updated_at = :now
                WHERE feed = :feed AND item_key = :key AND state = 'SKIPPED'""", new MapSqlParameterSource()
                .addValue("feed", feed).addValue("key", e.key()).addValue("url", cut(e.enclosureUrl(), 4000))
                .addValue("enclosureType", cut(e.enclosureType(), 100)).addValue("now", now())) == 1;
    }

    /** PENDING items whose time has come and that nobody holds, oldest first. */
    public List<Item> due(String feed, int limit) {
        return jdbc.query("""
                SELECT * FROM rss_import_items WHERE feed = :feed AND state = 'PENDING' AND next_attempt_at <= :now
                    AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY COALESCE(published_at, created_at), item_key LIMIT :limit""",
                new MapSqlParameterSource().addValue("feed", feed).addValue("now", now()).addValue("limit", limit),
                RssImportLedger::item);
    }

    /** Claims a PENDING item for this replica until {@code until}; false when another has it or it is done. */
    public boolean claim(String feed, String key, String owner, Instant until) {
        return jdbc.update("""
                UPDATE rss_import_items SET claimed_by = :owner, claimed_until = :until, updated_at = :now
                WHERE feed = :feed AND item_key = :key AND state = 'PENDING' AND next_attempt_at <= :now
                    AND (claimed_until IS NULL OR claimed_until < :now)""", new MapSqlParameterSource()
                .addValue("feed", feed).addValue("key", key).addValue("owner", owner)
                .addValue("until", EpisodeRepository.tsOf(until)).addValue("now", now())) == 1;
    }

    /**
     * Releases the claims {@code owner} holds on a feed's items: called once after a start, when
     * any such claim is a fetch the previous run of this instance never finished. Returns how many.
     */
    public int releaseClaims(String feed, String owner) {
        return jdbc.update("""
                UPDATE rss_import_items SET claimed_by = NULL, claimed_until = NULL, updated_at = :now
                WHERE feed = :feed AND claimed_by = :owner AND state = 'PENDING'""", new MapSqlParameterSource()
                .addValue("feed", feed).addValue("owner", owner).addValue("now", now()));
    }

    /** The item is an episode now (or was one already: {@code duplicate}). */
    public void imported(String feed, String key, long episodeId, boolean duplicate, String reason) {
        finish(feed, key, IMPORTED, episodeId, duplicate, reason, clock.instant(), 1);
    }

    /** The item failed for good. */
    public void failed(String feed, String key, String reason) {
        finish(feed, key, FAILED, null, false, reason, clock.instant(), 1);
    }

    /** The attempt failed for a reason that may pass: try again at {@code next}. */
    public void retryLater(String feed, String key, String reason, Instant next) {
        finish(feed, key, PENDING, null, false, reason, next, 1);
    }

    /** A FAILED item is tried again from the next poll on, with its attempts counted afresh; false when it was not FAILED. */
    public boolean retry(String feed, String key) {
        return jdbc.update("""
                UPDATE rss_import_items SET state = 'PENDING', attempts = 0, next_attempt_at = :now, updated_at = :now,
                    reason = 'retry requested; was: ' || COALESCE(reason, '')
                WHERE feed = :feed AND item_key = :key AND state = 'FAILED'""",
                new MapSqlParameterSource().addValue("feed", feed).addValue("key", key).addValue("now", now())) == 1;
    }

    private void finish(String feed, String key, String state, Long episodeId, boolean duplicate, String reason,
                        Instant next, int attempt) {
        jdbc.update("""
                UPDATE rss_import_items SET state = :state, episode_id = :episode, duplicate = :duplicate, reason = :reason,
                    attempts = attempts + :attempt, next_attempt_at = :next, claimed_by = NULL, claimed_until = NULL,
                    updated_at = :now
                WHERE feed = :feed AND item_key = :key""", new MapSqlParameterSource()
                .addValue("feed", feed).addValue("key", key).addValue("state", state).addValue("episode", episodeId)
                .addValue("duplicate", duplicate).addValue("reason", cut(reason, 2000)).addValue("attempt", attempt)
                .addValue("next", EpisodeRepository.tsOf(next)).addValue("now", now()));
    }

    public Optional<Item> find(String feed, String key) {
        return jdbc.query("SELECT * FROM rss_import_items WHERE feed = :feed AND item_key = :key",
                Map.of("feed", feed, "key", key), RssImportLedger::item).stream().findFirst();
    }

    /** A feed's items, newest first, optionally in one state. */
    public List<Item> items(String feed, String state, int limit) {
        return jdbc.query("SELECT * FROM rss_import_items WHERE feed = :feed"
                        + (state == null ? "" : " AND state = :state")
                        + " ORDER BY COALESCE(published_at, created_at) DESC, item_key LIMIT :limit",
                new MapSqlParameterSource().addValue("feed", feed).addValue("state", state).addValue("limit", limit),
                RssImportLedger::item);
    }

    /** How many of a feed's items are in each state. */
    public Map<String, Long> counts(String feed) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String s : List.of(PENDING, IMPORTED, FAILED, SKIPPED)) {
            counts.put(s, 0L);
        }
        jdbc.query("SELECT state, COUNT(*) AS n FROM rss_import_items WHERE feed = :feed GROUP BY state",
                Map.of("feed", feed), (ResultSet rs) -> {
                    counts.put(rs.getString("state"), rs.getLong("n"));
                });
        return counts;
    }

    /**
     * The guid an imported item had in its feed (its enclosure URL when it had none: that is what
     * podcast apps then know it by), for the episode it became (not for an episode it merely
     * duplicated), so a migrated show keeps its item ids in castwire's own feed.
     */
    public Optional<String> importedGuid(long episodeId) {
        return jdbc.query("""
                SELECT COALESCE(guid, enclosure_url) AS guid FROM rss_import_items
                WHERE episode_id = :id AND state = 'IMPORTED' AND duplicate = FALSE
                ORDER BY created_at, feed, item_key LIMIT 1""",
                Map.of("id", episodeId), (rs, n) -> rs.getString("guid")).stream().findFirst();
    }

    /** Records the start of a poll. */
    public void pollStarted(String feed) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("feed", feed).addValue("now", now());
        if (jdbc.update("UPDATE rss_import_feeds SET last_started_at = :now, polls = polls + 1 WHERE feed = :feed", p) == 0) {
            try {
                jdbc.update("INSERT INTO rss_import_feeds (feed, last_started_at, polls) VALUES (:feed, :now, 1)", p);
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE rss_import_feeds SET last_started_at = :now, polls = polls + 1 WHERE feed = :feed", p);
            }
        }
    }

    /** Records how a poll ended: OK or FAILED, with a summary for admins. */
    public void pollFinished(String feed, String outcome, String summary) {
        jdbc.update("""
                UPDATE rss_import_feeds SET last_finished_at = :now, last_outcome = :outcome, last_summary = :summary,
                    last_ok_at = CASE WHEN :outcome = 'OK' THEN :now ELSE last_ok_at END
                WHERE feed = :feed""", new MapSqlParameterSource().addValue("feed", feed).addValue("now", now())
                .addValue("outcome", outcome).addValue("summary", cut(summary, 4000)));
    }

    public Optional<Poll> lastPoll(String feed) {
        return jdbc.query("SELECT * FROM rss_import_feeds WHERE feed = :feed", Map.of("feed", feed),
                (rs, n) -> new Poll(instant(rs, "last_started_at"), instant(rs, "last_finished_at"),
                        rs.getString("last_outcome"), rs.getString("last_summary"), instant(rs, "last_ok_at"),
                        rs.getLong("polls"))).stream().findFirst();
    }

    private static Item item(ResultSet rs, int n) throws SQLException {
        return new Item(rs.getString("feed"), rs.getString("item_key"), rs.getString("guid"), rs.getString("enclosure_url"),
                rs.getString("enclosure_type"), rs.getString("title"), instant(rs, "published_at"), integer(rs, "itunes_episode"),
                integer(rs, "itunes_season"), rs.getString("itunes_type"),
                rs.getObject("itunes_explicit") == null ? null : rs.getBoolean("itunes_explicit"),
                rs.getObject("itunes_duration") == null ? null : rs.getLong("itunes_duration"), rs.getString("image_url"),
                rs.getString("state"), rs.getObject("episode_id") == null ? null : rs.getLong("episode_id"),
                rs.getBoolean("duplicate"), rs.getString("reason"), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
