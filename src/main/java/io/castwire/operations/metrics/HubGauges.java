package io.castwire.operations.metrics;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.operations.deadletter.DeadLetters;
import io.castwire.operations.storage.StorageGuard;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.Destinations;
import io.castwire.publishing.delivery.DestinationsResource;
import io.castwire.publishing.webhook.WebhookCircuits;
import io.castwire.publishing.webhook.WebhookProperties;
import io.castwire.publishing.webhook.WebhookSender;
import io.castwire.publishing.youtube.YoutubeProperties;
import io.castwire.publishing.youtube.YoutubeQuota;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The hub's state as gauges on {@code /actuator/prometheus}: queue depths (outbox tables and the
 * in-memory SEDA queues), open dead letters, circuit breaker states, storage against its quota and
 * the YouTube API quota. Database-backed values are read every {@code castwire.metrics.refresh-interval}
 * on one background thread (a scrape never waits for SQL); when the database is away the last values stay.
 */
@Component
public class HubGauges {

    private static final Logger LOG = LoggerFactory.getLogger(HubGauges.class);
    static final List<String> CIRCUIT_STATES = List.of("closed", "open", "half_open", "forced_open", "disabled",
            "metrics_only", "unknown");

    private final MeterRegistry meters;
    private final QueueDepths queues;
    private final DeadLetters deadLetters;
    private final Destinations destinations;
    private final DestinationsResource circuits;
    private final WebhookProperties webhooks;
    private final WebhookCircuits webhookCircuits;
    private final StorageGuard storage;
    private final HubPaths paths;
    private final YoutubeQuota youtube;
    private final CamelContext camel;
    private final long refreshMillis;
    private final MultiGauge queueDepth;
    private final MultiGauge openDeadLetters;
    private final MultiGauge circuitState;
    private volatile long storageUsed;
    private volatile long diskFree;
    private volatile long youtubeUsed;
    private ScheduledExecutorService timer;

    public HubGauges(MeterRegistry meters, QueueDepths queues, DeadLetters deadLetters, Destinations destinations,
                     DestinationsResource circuits, WebhookProperties webhooks, WebhookCircuits webhookCircuits,
                     StorageGuard storage, HubPaths paths, YoutubeQuota youtube, YoutubeProperties youtubeProperties,
                     CamelContext camel, CastwireProperties properties,
                     @Value("${castwire.metrics.refresh-interval:15s}") java.time.Duration refresh) {
        this.meters = meters;
        this.queues = queues;
        this.deadLetters = deadLetters;
        this.destinations = destinations;
        this.circuits = circuits;
        this.webhooks = webhooks;
        this.webhookCircuits = webhookCircuits;
        this.storage = storage;
        this.paths = paths;
        this.youtube = youtube;
        this.camel = camel;
        this.refreshMillis = Math.max(100, refresh.toMillis());
        queueDepth = MultiGauge.builder("castwire.queue.depth").description("work waiting: outbox rows not done, "
                + "ids in an in-memory queue").baseUnit("items").register(meters);
        openDeadLetters = MultiGauge.builder("castwire.dead.letters.open")
                .description("dead letters not replayed yet").register(meters);
        circuitState = MultiGauge.builder("castwire.circuit.state")
                .description("1 for the circuit's current state, 0 for the others").register(meters);
        long quota = properties.getStorage().getQuota().toBytes();
        Gauge.builder("castwire.storage.used", this, g -> g.storageUsed).baseUnit("bytes")
                .description("bytes in the store (media and sidecars), counted against castwire.storage.quota").register(meters);
        Gauge.builder("castwire.storage.quota", () -> quota).baseUnit("bytes").description("castwire.storage.quota")
                .register(meters);
        Gauge.builder("castwire.storage.disk.free", this, g -> g.diskFree).baseUnit("bytes")
                .description("usable space on the disk of castwire.home/media").register(meters);
        Gauge.builder("castwire.youtube.quota.used", this, g -> g.youtubeUsed).baseUnit("units")
                .description("YouTube Data API units spent in the current Pacific day").register(meters);
        Gauge.builder("castwire.youtube.quota.limit", youtubeProperties, YoutubeProperties::getDailyLimit)
                .baseUnit("units").description("castwire.publish.youtube.daily-limit").register(meters);
    }

    /** Starts the refresh once the routes run (the SEDA queues exist from then on). */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "castwire-metrics");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, refreshMillis, TimeUnit.MILLISECONDS);
    }

    @jakarta.annotation.PreDestroy
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // the database may be away; the gauges keep their last values and the health check says why
            LOG.debug("Metrics refresh failed: {}", e.toString());
        }
    }

    /** Reads every value now (the background thread does this every refresh interval). */
    public synchronized void refresh() {
        circuitState.register(circuitRows(), true);
        List<MultiGauge.Row<?>> depth = new ArrayList<>();
        queues.waiting().forEach((q, n) -> depth.add(MultiGauge.Row.of(
                Tags.of("queue", q.queue(), RouteMeterTags.DESTINATION, q.destination()), n)));
        // one row per queue: a producer and a consumer URI with other options are two endpoints on one queue
        Map<String, SedaEndpoint> seda = new java.util.TreeMap<>();
        for (Endpoint e : camel.getEndpoints()) {
            if (e instanceof SedaEndpoint s) {
                seda.putIfAbsent(s.getEndpointBaseUri().replaceFirst("^seda:(//)?", ""), s);
            }
        }
        seda.forEach((name, endpoint) -> depth.add(MultiGauge.Row.of(Tags.of("queue", "seda:" + name,
                RouteMeterTags.DESTINATION, RouteMeterTags.destinationOf(name)), endpoint,
                SedaEndpoint::getCurrentQueueSize)));
        queueDepth.register(depth, true);
        Map<String, Long> open = new java.util.TreeMap<>();
        for (Destination d : destinations.all()) {
            open.put(d.name(), 0L);
        }
        open.put("processing", 0L);
        open.put(WebhookSender.DESTINATION, 0L);
        open.putAll(deadLetters.openCounts());
        List<MultiGauge.Row<?>> letters = new ArrayList<>();
        open.forEach((d, n) -> letters.add(MultiGauge.Row.of(Tags.of(RouteMeterTags.DESTINATION, d), n)));
        openDeadLetters.register(letters, true);
        storageUsed = storage.usedBytes();
        youtubeUsed = youtube.used();
        try {
            diskFree = Files.getFileStore(paths.media()).getUsableSpace();
        } catch (java.io.IOException e) {
            LOG.debug("Free disk space unknown: {}", e.toString());
        }
    }

    private List<MultiGauge.Row<?>> circuitRows() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Destination d : destinations.all()) {
            String state = circuits.circuitState(d.name());
            addCircuit(rows, d.name(), Destinations.circuitId(d.name()), state);
        }
        for (WebhookProperties.Subscriber s : webhooks.getSubscribers()) {
            addCircuit(rows, WebhookSender.DESTINATION, "webhook-" + s.getName(), webhookCircuits.state(s).name());
        }
        return rows;
    }

    private static void addCircuit(List<MultiGauge.Row<?>> rows, String destination, String circuit, String state) {
        String current = state == null ? "unknown" : state.toLowerCase(Locale.ROOT);
        for (String s : CIRCUIT_STATES) {
            rows.add(MultiGauge.Row.of(Tags.of(RouteMeterTags.DESTINATION, destination, "circuit", circuit, "state", s),
                    s.equals(current) ? 1 : 0));
        }
    }
}
