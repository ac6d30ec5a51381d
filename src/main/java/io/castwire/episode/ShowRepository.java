package io.castwire.episode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Shows, created on first sight of their inbox folder. */
@Repository
public class ShowRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public ShowRepository(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The id of the show with this slug, creating it if needed; safe when two workers race. Runs
     * outside any transaction, so a lost race (unique violation) does not poison one.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public long findOrCreate(String slug) {
        Optional<Long> id = find(slug);
        if (id.isPresent()) {
            return id.get();
        }
        try {
            jdbc.update("INSERT INTO shows (slug, created_at) VALUES (:slug, :now)", Map.of("slug", slug,
                    "now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)));
        } catch (DuplicateKeyException raced) {
            // another worker created it a moment ago
        }
        return find(slug).orElseThrow();
    }

    private Optional<Long> find(String slug) {
        return jdbc.queryForList("SELECT id FROM shows WHERE slug = :slug", Map.of("slug", slug), Long.class).stream().findFirst();
    }

    /**
     * Locks the show's row until the current transaction ends ({@code SELECT ... FOR UPDATE}): replicas
     * that rewrite the same show's feed at once take turns, and each one's rewrite sees the others'
     * committed ledger rows, so the feed never loses an item. Call inside a transaction.
     */
    public void lockForUpdate(long showId) {
        jdbc.queryForList("SELECT id FROM shows WHERE id = :id FOR UPDATE", Map.of("id", showId), Long.class);
    }

    public List<String> slugs() {
        return jdbc.queryForList("SELECT slug FROM shows ORDER BY slug", Map.of(), String.class);
    }
}
