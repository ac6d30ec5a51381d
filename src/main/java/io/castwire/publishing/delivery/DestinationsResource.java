package io.castwire.publishing.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/destinations}: each destination with whether it is enabled, its routes' status,
 * its circuit's state and how many ledger rows it has in each state. The runbook starts here.
 */
@RestController
public class DestinationsResource {

    private final Destinations destinations;
    private final PublicationOutbox outbox;
    private final CamelContext camel;

    public DestinationsResource(Destinations destinations, PublicationOutbox outbox, CamelContext camel) {
        this.destinations = destinations;
        this.outbox = outbox;
        this.camel = camel;
    }

    @GetMapping("/api/destinations")
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Destination d : destinations.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("enabled", d.settings().isEnabled());
            m.put("shows", d.settings().getShows().isEmpty() ? "all" : d.settings().getShows());
            m.put("clipsPerEpisode", d.settings().getClips());
            m.put("sendRoute", Map.of("id", Destinations.sendRoute(d), "status",
                    status(Destinations.sendRoute(d))));
            m.put("pollRoute", Map.of("id", Destinations.pollRoute(d.name()), "status",
                    status(Destinations.pollRoute(d.name()))));
            m.put("circuit", circuitState(d.name()));
            m.put("publications", outbox.counts(d.name()));
            out.add(m);
        }
        return out;
    }

    /** CLOSED, OPEN, HALF_OPEN, or UNKNOWN before the route has started. */
    public String circuitState(String destination) {
        ResilienceProcessor p = camel.getProcessor(Destinations.circuitId(destination), ResilienceProcessor.class);
        String state = p == null ? null : p.getCircuitBreakerState();
        return state == null ? "UNKNOWN" : state;
    }

    private String status(String routeId) {
        ServiceStatus s = camel.getRouteController().getRouteStatus(routeId);
        return s == null ? "Unknown" : s.name();
    }
}
