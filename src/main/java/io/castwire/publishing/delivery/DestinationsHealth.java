package io.castwire.publishing.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code destinations}: one indicator per destination.
 * DEGRADED (HTTP 200, ordered between OUT_OF_SERVICE and UP) when its circuit is open, its send
 * route is stopped, an enabled destination's credential variable is not set, its API does not
 * answer or its quota is used up ({@code io.castwire.operations.health.DestinationChecks}); UNKNOWN when it is
 * not enabled. A destination never makes the hub DOWN and is not part of the readiness group: the
 * hub takes and processes work without any destination, and queued publications wait in the
 * ledger. Details (admins only) never include a credential's value.
 */
@Component("destinationsHealthContributor")
public class DestinationsHealth implements CompositeHealthContributor {

    /** Works, but not fully: work for this part waits. */
    public static final org.springframework.boot.actuate.health.Status DEGRADED =
            new org.springframework.boot.actuate.health.Status("DEGRADED");

    private final Destinations destinations;
    private final DestinationsResource view;
    private final PublicationOutbox outbox;
    private final Secrets secrets;
    private final org.apache.camel.CamelContext camel;
    private final io.castwire.operations.health.DestinationChecks checks;

    public DestinationsHealth(Destinations destinations, DestinationsResource view, PublicationOutbox outbox,
                              Secrets secrets, org.apache.camel.CamelContext camel,
                              io.castwire.operations.health.DestinationChecks checks) {
        this.checks = checks;
        this.destinations = destinations;
        this.view = view;
        this.outbox = outbox;
        this.secrets = secrets;
        this.camel = camel;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return destinations.byName(name).<HealthContributor>map(d -> (org.springframework.boot.actuate.health.HealthIndicator)
                () -> health(d)).orElse(null);
    }

    @Override
    public java.util.Iterator<NamedContributor<HealthContributor>> iterator() {
        return destinations.all().stream().map(d -> NamedContributor.of(d.name(), getContributor(d.name()))).iterator();
    }

    /** The health of one destination. */
    public Health health(Destination d) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean enabled = d.settings().isEnabled();
        details.put("enabled", enabled);
        String circuit = view.circuitState(d.name());
        details.put("circuit", circuit);
        org.apache.camel.ServiceStatus route = camel.getRouteController().getRouteStatus(Destinations.sendRoute(d));
        details.put("sendRoute", route == null ? "Unknown" : route.name());
        List<String> missing = d.credentialVariables().stream().filter(v -> secrets.get(v) == null).toList();
        if (!missing.isEmpty()) {
            details.put("missingCredentials", missing);
        }
        details.put("publications", outbox.counts(d.name()));
        // reachability and quota (operations.health): only for an enabled destination, so a switched-off one costs no call
        io.castwire.operations.health.DestinationChecks.Result outside = enabled ? checks.check(d.name()) : null;
        if (outside != null) {
            details.putAll(outside.details());
        }
        Health.Builder b;
        if (!enabled) {
            b = Health.unknown();
        } else if (circuit.equals("OPEN") || circuit.equals("FORCED_OPEN")) {
            b = Health.status(DEGRADED).withDetail("reason", "circuit open: calls wait until it lets a trial call through");
        } else if (!missing.isEmpty()) {
            b = Health.status(DEGRADED).withDetail("reason", "credential variable(s) not set: " + missing);
        } else if (outside != null && outside.problem() != null) {
            b = Health.status(DEGRADED).withDetail("reason", outside.problem());
        } else if (route == null || !route.isStarted()) {
            b = Health.status(DEGRADED).withDetail("reason", "send route stopped: work waits in the ledger");
        } else {
            b = Health.up();
        }
        return b.withDetails(details).build();
    }
}
