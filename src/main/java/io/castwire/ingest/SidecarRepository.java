package io.castwire.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Transcript and metadata sidecars, attached to an episode or waiting for their media. */
@Repository
public class SidecarRepository {

    /** A stored sidecar. */
    public record Sidecar(long id, long showId, String showSlug, String baseName, InboxFile.Kind kind, String fileName,
                          String contentHash, long sizeBytes, String storedPath, String state, Long episodeId,
                          Instant receivedAt) {
    }

    public static final String PENDING = "PENDING";
    public static final String ATTACHED = "ATTACHED";
    public static final String EXPIRED = "EXPIRED";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public SidecarRepository(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    public long insert(long showId, InboxFile file, String hash, long size, String storedPath, Long episodeId) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update("""
                INSERT INTO sidecars (show_id, base_name, kind, file_name, content_hash, size_bytes, stored_path, state,
                    episode_id, received_at) VALUES (:show, :base, :kind, :name, :hash, :size, :path, :state, :episode, :now)
                """, new MapSqlParameterSource().addValue("show", showId).addValue("base", file.baseName())
                .addValue("kind", file.kind().name()).addValue("name", file.fileName()).addValue("hash", hash)
                .addValue("size", size).addValue("path", storedPath)
                .addValue("state", episodeId == null ? PENDING : ATTACHED).addValue("episode", episodeId)
                .addValue("now", now()), keys, new String[] {"id"});
        return keys.getKey().longValue();
    }

    public Optional<Sidecar> findByContent(long showId, String baseName, InboxFile.Kind kind, String hash) {
        return jdbc.query(SELECT + " WHERE c.show_id = :show AND c.base_name = :base AND c.kind = :kind AND c.content_hash = :hash",
                Map.of("show", showId, "base", baseName, "kind", kind.name(), "hash", hash), ROW).stream().findFirst();
    }

    /** Pending sidecars of this show and base name, oldest first. */
    public List<Sidecar> pendingFor(long showId, String baseName) {
        return jdbc.query(SELECT + " WHERE c.state = 'PENDING' AND c.show_id = :show AND c.base_name = :base ORDER BY c.id",
                Map.of("show", showId, "base", baseName), ROW);
    }

    /** Every pending sidecar, oldest first. */
    public List<Sidecar> pending() {
        return jdbc.query(SELECT + " WHERE c.state = 'PENDING' ORDER BY c.id", Map.of(), ROW);
    }

    public List<Sidecar> ofEpisode(long episodeId) {
        return jdbc.query(SELECT + " WHERE c.episode_id = :id ORDER BY c.id", Map.of("id", episodeId), ROW);
    }

    /** Marks a pending sidecar attached; false if another worker did it first. */
    public boolean attach(long id, long episodeId) {
        return jdbc.update("UPDATE sidecars SET state = 'ATTACHED', episode_id = :episode WHERE id = :id AND state = 'PENDING'",
                Map.of("episode", episodeId, "id", id)) == 1;
    }

    /** Forgets an expired sidecar so the same file can be dropped again. */
    public void delete(long id) {
        jdbc.update("DELETE FROM sidecars WHERE id = :id AND state = 'EXPIRED'", Map.of("id", id));
    }

    /** Marks a pending sidecar expired; false if it was attached meanwhile. */
    public boolean expire(long id, String detail) {
        return jdbc.update("UPDATE sidecars SET state = 'EXPIRED', detail = :detail WHERE id = :id AND state = 'PENDING'",
                Map.of("detail", detail, "id", id)) == 1;
    }

    public long storedBytes() {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(size_bytes), 0) FROM sidecars WHERE state <> 'EXPIRED'", Map.of(), Long.class);
        return n == null ? 0 : n;
    }

    public long countPending() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM sidecars WHERE state = 'PENDING'", Map.of(), Long.class);
        return n == null ? 0 : n;
    }

    public static Instant expiryOf(Sidecar s, Duration window) {
        return s.receivedAt().plus(window);
    }

    private static final String SELECT = "SELECT c.*, s.slug AS show_slug FROM sidecars c JOIN shows s ON s.id = c.show_id";

    private static final RowMapper<Sidecar> ROW = (rs, n) -> {
        long episode = rs.getLong("episode_id");
        Long episodeId = rs.wasNull() ? null : episode;
        return new Sidecar(rs.getLong("id"), rs.getLong("show_id"), rs.getString("show_slug"), rs.getString("base_name"),
                InboxFile.Kind.valueOf(rs.getString("kind")), rs.getString("file_name"), rs.getString("content_hash"),
                rs.getLong("size_bytes"), rs.getString("stored_path"), rs.getString("state"), episodeId,
                rs.getObject("received_at", OffsetDateTime.class).toInstant());
    };
}
