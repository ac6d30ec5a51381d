package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.publishing.PublicationLedger;
import io.castwire.publishing.rss.RssPublisher;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the database says about a file's episode before the lifecycle may remove it: whether a live
 * feed item refers to it, whether work on it is still under way, and whether it is published elsewhere.
 */
@Repository
public class RetentionFacts {

    /** Episode states in which nothing is removed: the pipeline still needs the files. */
    static final List<String> IN_FLIGHT = List.of("RECEIVED", "PROCESSING", "PROCESSED", "PUBLISHING", "BLOCKED_BUDGET");

    /** An episode as the lifecycle needs it. */
    public record EpisodeFacts(long id, long showId, String state, Instant createdAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final PublicationLedger ledger;
    private final CastwireProperties properties;

    public RetentionFacts(NamedParameterJdbcTemplate jdbc, PublicationLedger ledger, CastwireProperties properties) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.properties = properties;
    }

    /** Registered media by stored path. */
    public Map<String, EpisodeFacts> episodesByMediaPath() {
        Map<String, EpisodeFacts> out = new HashMap<>();
        jdbc.query("SELECT id, show_id, state, created_at, media_path FROM episodes", Map.of(), rs -> {
            out.put(rs.getString("media_path"), new EpisodeFacts(rs.getLong("id"), rs.getLong("show_id"),
                    rs.getString("state"), rs.getObject("created_at", OffsetDateTime.class).toInstant()));
        });
        return out;
    }

    public Optional<EpisodeFacts> episode(long id) {
        return jdbc.query("SELECT id, show_id, state, created_at FROM episodes WHERE id = :id", Map.of("id", id),
                (rs, n) -> new EpisodeFacts(rs.getLong("id"), rs.getLong("show_id"), rs.getString("state"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant())).stream().findFirst();
    }

    /** Clip ids by the stored path of their media. */
    public Map<String, Long> clipsByMediaPath() {
        Map<String, Long> out = new HashMap<>();
        jdbc.query("SELECT id, media_path FROM clips WHERE media_path IS NOT NULL", Map.of(),
                rs -> {
                    out.put(rs.getString("media_path"), rs.getLong("id"));
                });
        return out;
    }

    /**
     * Why the files of this episode must stay, or empty when none of these holds: an item of its
     * show's feed (the newest {@code castwire.feed.max-items} published rss rows) refers to it; the
     * episode is still being worked on; a publication of it is not finished (pending, sending, or
     * failed and replayable).
     */
    public Optional<String> protection(EpisodeFacts e) {
        return protection(e, liveInShow(e.showId()));
    }

    /** The episodes of a show its feed lists now (the feed is rewritten from exactly these rows). */
    public java.util.Set<Long> liveInShow(long showId) {
        return ledger.publishedInShow(showId, RssPublisher.DESTINATION, properties.getFeed().getMaxItems()).stream()
                .map(PublicationLedger.Publication::episodeId).collect(java.util.stream.Collectors.toSet());
    }

    /** {@link #protection(EpisodeFacts)} with the show's live episodes already looked up. */
    public Optional<String> protection(EpisodeFacts e, java.util.Set<Long> liveInShow) {
        if (IN_FLIGHT.contains(e.state())) {
            return Optional.of("episode is " + e.state() + ": work in flight");
        }
        if (liveInShow.contains(e.id())) {
            return Optional.of("referenced by a live feed item");
        }
        List<String> open = jdbc.queryForList("SELECT destination || ' ' || state FROM publications WHERE episode_id = :e "
                + "AND state NOT IN ('PUBLISHED', 'SUPERSEDED') ORDER BY id", Map.of("e", e.id()), String.class);
        if (!open.isEmpty()) {
            return Optional.of("publication not finished: " + String.join(", ", open));
        }
        return Optional.empty();
    }

    /**
     * Where the episode (clip 0) or one of its clips is live on another destination, e.g.
     * {@code youtube https://youtu.be/...}, or empty.
     */
    public Optional<String> publishedElsewhere(long episodeId, long clipId) {
        return jdbc.queryForList("SELECT destination || ' ' || COALESCE(remote_url, remote_id, '') FROM publications "
                + "WHERE episode_id = :e AND clip_id = :c AND state = 'PUBLISHED' AND destination <> :rss ORDER BY id",
                Map.of("e", episodeId, "c", clipId, "rss", RssPublisher.DESTINATION), String.class)
                .stream().findFirst().map(String::strip);
    }
}
