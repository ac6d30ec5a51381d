package io.castwire.ingest.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeMetadata;
import io.castwire.episode.EpisodeRepository;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.download.MediaDownloader;
import io.castwire.ingest.download.RemoteMediaIngest;
import io.castwire.ingest.download.RemoteMediaIngest.RemoteMedia;
import io.castwire.processing.transcript.Transcript;
import io.castwire.processing.transcript.TranscriptParseException;
import io.castwire.processing.transcript.TranscriptParser;
import io.castwire.publishing.webhook.SsrfRefusedException;
import io.castwire.publishing.webhook.WebhookBackoff;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs accepted inbound events from the database: claims one with a lease, does its work (media
 * fetched only through {@link RemoteMediaIngest} / {@link MediaDownloader}, never turned into an
 * endpoint), and records DONE with the episode, FAILED with the reason, or a retry with exponential
 * backoff and jitter. Redoing an event after a crash is safe: media already registered come back as
 * DUPLICATE of the same episode, and a transcript replaces the one stored.
 */
@Component
public class InboundWorker {

    private static final Logger LOG = LoggerFactory.getLogger(InboundWorker.class);

    /** A failure no later attempt can fix. */
    static final class PermanentFailure extends Exception {
        PermanentFailure(String message) {
            super(message);
        }
    }

    /** What an event did. */
    record Result(long episodeId, String detail) {
    }

    private final InboundEvents events;
    private final InboundProperties properties;
    private final CastwireProperties hub;
    private final RemoteMediaIngest remote;
    private final MediaDownloader downloader;
    private final EpisodeRepository episodes;
    private final TranscriptParser transcripts;
    private final HubPaths paths;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final WebhookBackoff backoff;
    private final Map<Long, Instant> queued = new ConcurrentHashMap<>();

    public InboundWorker(InboundEvents events, InboundProperties properties, CastwireProperties hub, RemoteMediaIngest remote,
                         MediaDownloader downloader, EpisodeRepository episodes, TranscriptParser transcripts, HubPaths paths,
                         TransactionTemplate tx, ObjectMapper json, Clock clock) {
        this.events = events;
        this.properties = properties;
        this.hub = hub;
        this.remote = remote;
        this.downloader = downloader;
        this.episodes = episodes;
        this.transcripts = transcripts;
        this.paths = paths;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.backoff = new WebhookBackoff(properties.getBackoff(), properties.getMaxBackoff(), properties.getMaxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** After a restart, events this instance held when it stopped can be taken at once. */
    @EventListener(ApplicationReadyEvent.class)
    public void recoverOwnLeases() {
        try {
            int n = events.expireLeasesOf(hub.getInstanceId());
            if (n > 0) {
                LOG.warn("Recovering {} inbound webhook event(s) that were running when this instance stopped", n);
            }
        } catch (DataAccessException e) {
            LOG.warn("Could not recover inbound webhook leases at start-up (database unavailable); they expire on their own");
        }
    }

    /**
     * Due event ids not already queued here, at most {@code castwire.inbound.queue-size}. Called on
     * a timer by route {@code ingest-webhook-outbox-poll}.
     */
    public List<Long> due() {
        Instant stale = clock.instant().minus(properties.getLease());
        queued.values().removeIf(at -> at.isBefore(stale));
        int room = properties.getQueueSize() - queued.size();
        List<Long> ids = new ArrayList<>();
        if (room <= 0) {
            return ids;
        }
        for (Long id : events.dueIds(room + queued.size())) {
            if (ids.size() < room && queued.putIfAbsent(id, clock.instant()) == null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Claims and runs one event; does nothing when another worker holds it or it is not due.
     * Called by route {@code ingest-webhook-process}.
     */
    public void run(long id) {
        queued.remove(id);
        String owner = hub.getInstanceId();
        InboundEvents.InboundEvent event = events.claim(id, owner, properties.getLease()).orElse(null);
        if (event == null) {
            return;
        }
        try {
            Result r = handle(event);
            events.done(id, owner, r.episodeId(), r.detail());
            LOG.info("Inbound event {} ({} from '{}') done: {}", id, event.type(), event.source(), r.detail());
        } catch (PermanentFailure e) {
            events.fail(id, owner, e.getMessage());
            LOG.warn("Inbound event {} ({} from '{}') FAILED: {}", id, event.type(), event.source(), e.getMessage());
        } catch (Exception e) {
            String reason = reason(e);
            if (event.attempts() >= properties.getMaxAttempts()) {
                events.fail(id, owner, "gave up after " + event.attempts() + " attempts; last: " + reason);
                LOG.warn("Inbound event {} FAILED after {} attempts: {}", id, event.attempts(), reason);
            } else {
                Duration wait = backoff.after(event.attempts(), null);
                events.retryAt(id, owner, clock.instant().plus(wait), "attempt " + event.attempts() + " failed: " + reason);
                LOG.info("Inbound event {} attempt {} failed ({}); next in {}", id, event.attempts(), reason, wait);
            }
        }
    }

    Result handle(InboundEvents.InboundEvent event) throws Exception {
        JsonNode data = json.readTree(event.payload()).path("data");
        String origin = "webhook " + event.source() + " " + event.webhookId();
        InboundProperties.Source source = properties.source(event.source()).orElse(null);
        String defaultShow = source == null ? "default" : source.getShow();
        switch (event.type()) {
            case "media.created" -> {
                long episodeId = ingest(new RemoteMedia(data.path("url").asText(), text(data, "show", defaultShow),
                        text(data, "fileName", null), metadata(data, null), origin(origin, data, "externalId")));
                return new Result(episodeId, "media registered as episode " + episodeId);
            }
            case "episode.create" -> {
                JsonNode media = data.path("media");
                long episodeId = ingest(new RemoteMedia(media.path("url").asText(), text(data, "show", defaultShow),
                        text(media, "fileName", null), metadata(data, null), origin(origin, data, "externalId")));
                if (data.hasNonNull("transcript")) {
                    int n = attachTranscript(episodeId, data.path("transcript"), event, origin);
                    return new Result(episodeId, "episode " + episodeId + " registered with a transcript of " + n + " segments");
                }
                return new Result(episodeId, "episode " + episodeId + " registered");
            }
            case "render.ready" -> {
                Episode original = episode(data.path("episodeId").asLong());
                EpisodeMetadata base = new EpisodeMetadata(original.title(), original.description(), null, null);
                String renderOrigin = "render of episode " + original.id() + " (" + origin(origin, data, "renderId") + ")";
                long episodeId = ingest(new RemoteMedia(data.path("url").asText(), original.showSlug(),
                        renderName(data, original), metadata(data, base), renderOrigin));
                if (episodeId != original.id()) {
                    episodes.addEvent(original.id(), "render-registered", "rendered video registered as episode " + episodeId
                            + " (" + origin(origin, data, "renderId") + ")");
                }
                return new Result(episodeId, "render of episode " + original.id() + " registered as episode " + episodeId);
            }
            case "transcript.ready" -> {
                Episode target = episode(data.path("episodeId").asLong());
                int n = attachTranscript(target.id(), data, event, origin(origin, data, "jobId"));
                return new Result(target.id(), "transcript of " + n + " segments attached to episode " + target.id());
            }
            default -> throw new PermanentFailure("unknown event type " + event.type());
        }
    }

    private long ingest(RemoteMedia media) throws Exception {
        try {
            IngestOutcome outcome = remote.ingest(media);
            if (outcome.episodeId() == null) {
                throw new PermanentFailure("the media were not registered: " + outcome.message());
            }
            return outcome.episodeId();
        } catch (IngestRejection e) {
            // a retry after a crash finds what the first attempt registered: that is this event's episode
            if (e.code() == IngestRejection.Code.DUPLICATE && e.details().get("episodeId") instanceof Number n) {
                return n.longValue();
            }
            throw new PermanentFailure(e.code() + ": " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
        } catch (IOException e) {
            if (!MediaDownloader.retryable(e)) {
                throw new PermanentFailure(reason(e));
            }
            throw e;
        }
    }

    private int attachTranscript(long episodeId, JsonNode t, InboundEvents.InboundEvent event, String origin) throws Exception {
        Path file;
        if (t.has("segments")) {
            file = paths.work().resolve(".inbound-" + event.id() + ".transcript.json");
            json.writeValue(file.toFile(), Map.of("segments", t.get("segments")));
        } else {
            String format = t.path("format").asText();
            String ext = switch (format) {
                case "srt" -> ".srt";
                case "vtt" -> ".vtt";
                default -> ".transcript.json";
            };
            MediaDownloader.Downloaded got;
            try {
                got = downloader.fetch(t.path("url").asText());
            } catch (IOException e) {
                if (!MediaDownloader.retryable(e)) {
                    throw new PermanentFailure("transcript: " + reason(e));
                }
                throw e;
            }
            file = paths.work().resolve(".inbound-" + event.id() + ext);
            Files.move(got.file(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Transcript parsed = transcripts.parse(file);
            tx.executeWithoutResult(status -> {
                episodes.replaceSegments(episodeId, parsed.format().name(), parsed.segments());
                String warnings = parsed.warnings().isEmpty() ? "" : "; " + String.join("; ", parsed.warnings());
                episodes.addEvent(episodeId, "transcript-attached", origin + " (" + parsed.format() + ", "
                        + parsed.segments().size() + " segments" + warnings + ")");
                episodes.processNow(episodeId);
            });
            return parsed.segments().size();
        } catch (TranscriptParseException e) {
            throw new PermanentFailure("MALFORMED_TRANSCRIPT: " + e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Episode episode(long id) throws PermanentFailure {
        return episodes.findById(id).orElseThrow(() -> new PermanentFailure("episode " + id + " does not exist"));
    }

    /** The render is named after the episode: {@code <base>-render.<ext of the URL>} unless the payload names it. */
    static String renderName(JsonNode data, Episode original) {
        String given = text(data, "fileName", null);
        if (given != null) {
            return given;
        }
        String path = URI.create(data.path("url").asText()).getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        String ext = dot > 0 ? last.substring(dot).toLowerCase(Locale.ROOT) : "";
        return original.baseName() + "-render" + (ext.matches("\\.[a-z0-9]{2,4}") ? ext : "");
    }

    /** The payload's metadata, over {@code base} where the payload says nothing. */
    static EpisodeMetadata metadata(JsonNode data, EpisodeMetadata base) {
        List<String> destinations = null;
        if (data.hasNonNull("destinations")) {
            destinations = new ArrayList<>();
            for (JsonNode d : data.get("destinations")) {
                destinations.add(d.asText());
            }
        }
        String title = text(data, "title", base == null ? null : base.title());
        String description = text(data, "description", base == null ? null : base.description());
        Instant publishAt = data.hasNonNull("publishAt") ? java.time.OffsetDateTime.parse(data.get("publishAt").asText()).toInstant()
                : base == null ? null : base.publishAt();
        if (destinations == null && base != null) {
            destinations = base.destinations();
        }
        if (title == null && description == null && publishAt == null && destinations == null) {
            return null;
        }
        return new EpisodeMetadata(title, description, publishAt, destinations);
    }

    private static String origin(String origin, JsonNode data, String idField) {
        String id = text(data, idField, null);
        return id == null ? origin : origin + " (" + idField + " " + id + ")";
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? otherwise : v.asText();
    }

    private static String reason(Exception e) {
        if (e instanceof SsrfRefusedException) {
            return "refused by the SSRF guard: " + e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
