package io.castwire.publishing.youtube;

import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.delivery.DeferredDeliveryException;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HubEvent;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.Secrets;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * OAuth 2.0 for a channel: the refresh token lives encrypted in {@code youtube_channels} (seeded
 * from {@code refresh-token-env} on first use, replaced through the admin API), access tokens live
 * in memory and are refreshed before they expire. When Google refuses the grant
 * ({@code invalid_grant}: revoked, expired, password changed) the channel is PARKED: one
 * {@code system.alert}, and its uploads wait as {@link DeferredDeliveryException}s (no attempts
 * used, no dead letters) until an admin stores a new token, which makes them due at once.
 * Tokens are never logged or put into messages.
 */
@Component
public class YoutubeAuth {

    private static final Logger LOG = LoggerFactory.getLogger(YoutubeAuth.class);

    private record Access(String token, Instant expiresAt) {
    }

    /** A parked channel: since when and why. */
    public record Parked(Instant since, String reason) {
    }

    private final YoutubeProperties props;
    private final Secrets secrets;
    private final NamedParameterJdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final YoutubeHttp http;
    private final Clock clock;
    private final Map<String, Access> access = new ConcurrentHashMap<>();

    public YoutubeAuth(YoutubeProperties props, Secrets secrets, NamedParameterJdbcTemplate jdbc,
                       ApplicationEventPublisher events, Clock clock) {
        this.props = props;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.http = new YoutubeHttp(props, clock);
    }

    /**
     * A valid access token for the channel, refreshed when it is about to expire.
     *
     * @throws DeferredDeliveryException when the channel is parked (or gets parked now)
     */
    public String accessToken(String channel) throws DeliveryException {
        Optional<Parked> parked = parked(channel);
        if (parked.isPresent()) {
            throw parkedException(channel, parked.get());
        }
        Access a = access.get(channel);
        if (a != null && clock.instant().isBefore(a.expiresAt().minus(props.getTokenRefreshMargin()))) {
            return a.token();
        }
        return refresh(channel, a == null ? null : a.token());
    }

    /**
     * A new access token, after the API refused {@code rejected} (401): one refresh, unless another
     * thread has refreshed meanwhile.
     */
    public synchronized String refresh(String channel, String rejected) throws DeliveryException {
        Access current = access.get(channel);
        if (current != null && !current.token().equals(rejected)
                && clock.instant().isBefore(current.expiresAt().minus(props.getTokenRefreshMargin()))) {
            return current.token();
        }
        access.remove(channel);
        String refreshToken = refreshToken(channel);
        String clientId = secrets.require("youtube", props.getClientIdEnv());
        String clientSecret = secrets.require("youtube", props.getClientSecretEnv());
        String form = "grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&refresh_token=" + enc(refreshToken);
        HttpRequest request = http.request(java.net.URI.create(props.getTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        YoutubeHttp.Answer a = http.send(request, "token refresh");
        if (a.ok()) {
            String token = a.json().path("access_token").asText(null);
            long expiresIn = a.json().path("expires_in").asLong(3600);
            if (token == null) {
                throw new DeliveryException("youtube token refresh: no access_token in the answer", a.status(), null);
            }
            access.put(channel, new Access(token, clock.instant().plusSeconds(expiresIn)));
            LOG.debug("YouTube access token of channel {} refreshed, valid {} s", channel, expiresIn);
            return token;
        }
        String error = a.reason();
        if ("invalid_grant".equals(error)) {
            Parked p = park(channel, "Google refused the refresh token (invalid_grant: " + a.message()
                    + "); store a new one with PUT /api/youtube/channels/" + channel + "/token");
            throw parkedException(channel, p);
        }
        if (a.status() == 400 || a.status() == 401 || a.status() == 403) {
            throw new PermanentDeliveryException("youtube token refresh answered HTTP " + a.status() + " " + error
                    + ": " + a.message() + " (check " + props.getClientIdEnv() + " and " + props.getClientSecretEnv()
                    + ")", a.status());
        }
        throw new DeliveryException("youtube token refresh answered HTTP " + a.status() + ": " + a.message(),
                a.status(), io.castwire.publishing.delivery.HttpFailures.retryAfter(a.header("Retry-After"), clock));
    }

    /** Whether the channel is parked, and why. */
    public Optional<Parked> parked(String channel) {
        return jdbc.query("SELECT parked_at, parked_reason FROM youtube_channels WHERE channel = :c AND parked_at IS NOT NULL",
                Map.of("c", channel), (rs, n) -> new Parked(rs.getObject("parked_at", OffsetDateTime.class).toInstant(),
                        rs.getString("parked_reason"))).stream().findFirst();
    }

    /**
     * Stores a new refresh token (encrypted), un-parks the channel and makes its waiting uploads due now.
     *
     * @return how many waiting publications were made due
     */
    public int storeRefreshToken(String channel, String refreshToken) {
        String sealed = cipher().encrypt(channel, refreshToken);
        OffsetDateTime now = now();
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("c", channel).addValue("t", sealed).addValue("now", now);
        int n = jdbc.update("UPDATE youtube_channels SET refresh_token = :t, parked_at = NULL, parked_reason = NULL, "
                + "updated_at = :now WHERE channel = :c", p);
        if (n == 0) {
            try {
                jdbc.update("INSERT INTO youtube_channels (channel, refresh_token, updated_at) VALUES (:c, :t, :now)", p);
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE youtube_channels SET refresh_token = :t, parked_at = NULL, parked_reason = NULL, "
                        + "updated_at = :now WHERE channel = :c", p);
            }
        }
        access.remove(channel);
        // one channel per hub: every waiting YouTube upload belongs to it
        int due = jdbc.update("UPDATE publications SET next_attempt_at = :now, updated_at = :now "
                + "WHERE destination = 'youtube' AND state = 'PENDING'", Map.of("now", now));
        LOG.info("A new refresh token was stored for YouTube channel {}; {} waiting upload(s) are due now", channel, due);
        return due;
    }

    /** The stored (encrypted) form, for tests and diagnostics; null when none is stored. */
    String storedToken(String channel) {
        return jdbc.queryForList("SELECT refresh_token FROM youtube_channels WHERE channel = :c", Map.of("c", channel),
                String.class).stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The names of the credential variables (for health checks). */
    public List<String> credentialVariables() {
        return List.of(props.getClientIdEnv(), props.getClientSecretEnv(), props.getTokenKeyEnv());
    }

    private String refreshToken(String channel) throws DeliveryException {
        String stored = storedToken(channel);
        TokenCipher cipher;
        try {
            cipher = cipher();
        } catch (IllegalStateException badKey) {
            throw new PermanentDeliveryException("youtube: " + badKey.getMessage(), 0);
        }
        if (stored != null) {
            try {
                return cipher.decrypt(channel, stored);
            } catch (IllegalStateException wrongKey) {
                throw parkedException(channel, park(channel, wrongKey.getMessage()));
            }
        }
        String seed = secrets.get(props.getRefreshTokenEnv());
        if (seed == null) {
            throw parkedException(channel, park(channel, "no refresh token: set " + props.getRefreshTokenEnv()
                    + " or store one with PUT /api/youtube/channels/" + channel + "/token"));
        }
        storeRefreshToken(channel, seed);
        return seed;
    }

    private TokenCipher cipher() {
        return new TokenCipher(secrets.get(props.getTokenKeyEnv()), props.getTokenKeyEnv());
    }

    /** Parks the channel; the first park (not one already parked) raises the one system.alert. */
    private Parked park(String channel, String reason) {
        OffsetDateTime now = now();
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("c", channel).addValue("r", cut(reason))
                .addValue("now", now);
        int n = jdbc.update("UPDATE youtube_channels SET parked_at = :now, parked_reason = :r, updated_at = :now "
                + "WHERE channel = :c AND parked_at IS NULL", p);
        if (n == 0 && parked(channel).isEmpty()) {
            try {
                n = jdbc.update("INSERT INTO youtube_channels (channel, parked_at, parked_reason, updated_at) "
                        + "VALUES (:c, :now, :r, :now)", p);
            } catch (DuplicateKeyException raced) {
                n = 0;
            }
        }
        access.remove(channel);
        if (n == 1) {
            LOG.warn("YouTube channel {} is parked: {}", channel, reason);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("kind", "youtube-channel-parked");
            data.put("destination", "youtube");
            data.put("channel", channel);
            data.put("reason", reason);
            try {
                events.publishEvent(new HubEvent("system.alert", null, "youtube:parked:" + channel + ":"
                        + now.toInstant().toEpochMilli(), data));
            } catch (RuntimeException e) {
                LOG.warn("Could not queue the alert for parked YouTube channel {}: {}", channel, e.toString());
            }
        }
        return parked(channel).orElse(new Parked(now.toInstant(), reason));
    }

    private DeferredDeliveryException parkedException(String channel, Parked p) {
        return new DeferredDeliveryException("youtube channel " + channel + " is parked since " + p.since() + ": "
                + p.reason(), clock.instant().plus(props.getParkWait()));
    }

    private OffsetDateTime now() {
        return EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String cut(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
