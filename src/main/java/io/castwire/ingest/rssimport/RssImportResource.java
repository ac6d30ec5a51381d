package io.castwire.ingest.rssimport;

import io.castwire.common.ConflictException;
import io.castwire.common.NotFoundException;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * RSS import for admins: {@code GET /api/rss-import} (each feed, its route, last poll and item
 * counts), {@code GET /api/rss-import/{feed}/items} (the ledger, optionally {@code ?state=FAILED}),
 * {@code POST /api/rss-import/{feed}/poll} (202: polls in the background) and {@code POST
 * /api/rss-import/{feed}/retry?key=...} (a FAILED item is tried again on the next poll).
 */
@RestController
public class RssImportResource {

    private final RssImportProperties properties;
    private final RssImportLedger ledger;
    private final RssImporter importer;
    private final CamelContext camel;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rssimport-poll-now");
        t.setDaemon(true);
        return t;
    });

    public RssImportResource(RssImportProperties properties, RssImportLedger ledger, RssImporter importer,
                             CamelContext camel) {
        this.properties = properties;
        this.ledger = ledger;
        this.importer = importer;
        this.camel = camel;
    }

    @GetMapping("/api/rss-import")
    public List<Map<String, Object>> feeds() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RssImportProperties.Feed f : properties.getFeeds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.getName());
            m.put("url", redact(f.getUrl()));
            m.put("show", f.getShow());
            m.put("enabled", f.isEnabled());
            m.put("pollInterval", f.getPollInterval().toString());
            m.put("since", f.getSince());
            m.put("maxItemsPerPoll", f.getMaxItemsPerPoll());
            ServiceStatus status = camel.getRouteController().getRouteStatus(RssImportRoutes.routeId(f.getName()));
            m.put("route", Map.of("id", RssImportRoutes.routeId(f.getName()), "status", status == null ? "None" : status.name()));
            m.put("lastPoll", ledger.lastPoll(f.getName()).orElse(null));
            m.put("items", ledger.counts(f.getName()));
            out.add(m);
        }
        return out;
    }

    @GetMapping("/api/rss-import/{feed}/items")
    public List<RssImportLedger.Item> items(@PathVariable String feed, @RequestParam(required = false) String state,
                                            @RequestParam(defaultValue = "100") int limit) {
        known(feed);
        if (state != null && !List.of(RssImportLedger.PENDING, RssImportLedger.IMPORTED, RssImportLedger.FAILED,
                RssImportLedger.SKIPPED).contains(state)) {
            throw new IllegalArgumentException("state must be one of PENDING, IMPORTED, FAILED, SKIPPED");
        }
        return ledger.items(feed, state, Math.max(1, Math.min(limit, 1000)));
    }

    @PostMapping("/api/rss-import/{feed}/poll")
    public ResponseEntity<Map<String, Object>> pollNow(@PathVariable String feed) {
        known(feed);
        String route = RssImportRoutes.routeId(feed);
        if (camel.getRouteController().getRouteStatus(route) != ServiceStatus.Started) {
            throw new ConflictException("the route " + route + " is not running (feed disabled or route stopped); "
                    + "start it to poll " + feed);
        }
        background.submit(() -> importer.poll(feed));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("feed", feed, "status", "polling",
                "see", "/api/rss-import"));
    }

    @PostMapping("/api/rss-import/{feed}/retry")
    public RssImportLedger.Item retry(@PathVariable String feed, @RequestParam String key) {
        known(feed);
        RssImportLedger.Item item = ledger.find(feed, key)
                .orElseThrow(() -> new NotFoundException("feed " + feed + " has no item with key " + key));
        if (!ledger.retry(feed, key)) {
            throw new ConflictException("item " + key + " is " + item.state() + "; only FAILED items are retried");
        }
        return ledger.find(feed, key).orElseThrow();
    }

    private void known(String feed) {
        if (properties.feed(feed).isEmpty()) {
            throw new NotFoundException("no feed named '" + feed + "' (castwire.rss-import.feeds)");
        }
    }

    /** Scheme, host and path: a feed URL's query may carry a token (private feeds). */
    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
