package io.castwire.processing.synthesis;

import io.castwire.common.HubPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Audio already synthesized, keyed by a hash of (normalized text, provider-independent voice,
 * format): the same words in the same voice are paid for once, whichever provider made them.
 * Files live in {@code media/synthesis/cache/<hash>.wav}; the file is complete under its final
 * name before its row is written.
 */
@Component
public class SpeechCache {

    static final String FORMAT = "wav-24k-mono";

    /** A cached recording. */
    public record Entry(String hash, String provider, String voice, long durationMs, Path file) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final HubPaths paths;
    private final Clock clock;

    public SpeechCache(NamedParameterJdbcTemplate jdbc, HubPaths paths, Clock clock) {
        this.jdbc = jdbc;
        this.paths = paths;
        this.clock = clock;
    }

    /** The key of a normalized text in a voice. */
    public static String hash(String text, String voice) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((FORMAT + "\n" + voice + "\n" + text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached audio, when its row and its file are both there. */
    public Optional<Entry> find(String hash) {
        List<Entry> rows = jdbc.query("SELECT * FROM synthesis_cache WHERE hash = :h", Map.of("h", hash),
                (rs, n) -> new Entry(rs.getString("hash"), rs.getString("provider"), rs.getString("voice"),
                        rs.getLong("duration_ms"), paths.resolve(rs.getString("media_path"))));
        return rows.stream().filter(e -> Files.exists(e.file())).findFirst();
    }

    /** Moves a checked WAV into the cache and records it; returns the entry. */
    public Entry put(String hash, String provider, String voice, int characters, long durationMs, Path wav) throws IOException {
        Path target = paths.within(paths.media(), "synthesis/cache/" + hash + ".wav");
        Files.createDirectories(target.getParent());
        Files.move(wav, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        paths.written(target);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("h", hash).addValue("provider", provider)
                .addValue("voice", voice).addValue("chars", characters).addValue("ms", durationMs)
                .addValue("path", paths.relativize(target))
                .addValue("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        int updated = jdbc.update("UPDATE synthesis_cache SET provider = :provider, duration_ms = :ms, media_path = :path "
                + "WHERE hash = :h", p);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO synthesis_cache (hash, provider, voice, characters, duration_ms, media_path, created_at) "
                        + "VALUES (:h, :provider, :voice, :chars, :ms, :path, :now)", p);
            } catch (DuplicateKeyException raced) {
                // another worker cached the same words at the same moment: either file will do
            }
        }
        return new Entry(hash, provider, voice, durationMs, target);
    }
}
