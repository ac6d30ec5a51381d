package io.castwire.publishing.webhook;

import io.castwire.publishing.delivery.DestinationsHealth;
import io.castwire.publishing.delivery.Secrets;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code webhooks}: one indicator per subscriber. DEGRADED when
 * it answered 410 Gone (disabled until an admin enables it), its circuit is open, or its secret
 * variable is not set; UNKNOWN when configuration disables it. Like the destinations, a subscriber
 * never makes the hub DOWN. Details show the URL's origin only, never its path or secret.
 */
@Component("webhooksHealthContributor")
public class WebhooksHealth implements CompositeHealthContributor {

    private final WebhookProperties properties;
    private final WebhookDeliveries deliveries;
    private final WebhookCircuits circuits;
    private final Secrets secrets;

    public WebhooksHealth(WebhookProperties properties, WebhookDeliveries deliveries, WebhookCircuits circuits,
                          Secrets secrets) {
        this.properties = properties;
        this.deliveries = deliveries;
        this.circuits = circuits;
        this.secrets = secrets;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return properties.subscriber(name).<HealthContributor>map(s -> (HealthIndicator) () -> health(s)).orElse(null);
    }

    @Override
    public java.util.Iterator<NamedContributor<HealthContributor>> iterator() {
        return properties.getSubscribers().stream()
                .map(s -> NamedContributor.of(s.getName(), getContributor(s.getName()))).iterator();
    }

    Health health(WebhookProperties.Subscriber s) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("enabled", s.isEnabled());
        CircuitBreaker.State circuit = circuits.state(s);
        details.put("circuit", circuit.name());
        WebhookDeliveries.DisabledSubscriber gone = deliveries.disabledSubscribers().get(s.getName());
        details.put("deliveries", deliveries.countByState(s.getName()));
        if (!s.isEnabled()) {
            return Health.unknown().withDetails(details).build();
        }
        if (gone != null) {
            return Health.status(DestinationsHealth.DEGRADED).withDetails(details).withDetail("reason",
                    "answered 410 Gone at " + gone.disabledAt() + "; POST /api/webhooks/subscribers/" + s.getName()
                            + "/enable to send again").build();
        }
        if (circuit == CircuitBreaker.State.OPEN || circuit == CircuitBreaker.State.FORCED_OPEN) {
            return Health.status(DestinationsHealth.DEGRADED).withDetails(details)
                    .withDetail("reason", "circuit open: deliveries wait").build();
        }
        String secretEnv = s.getSecretEnv();
        if (secrets.get(secretEnv) == null) {
            return Health.status(DestinationsHealth.DEGRADED).withDetails(details)
                    .withDetail("reason", "secret variable not set: " + secretEnv).build();
        }
        return Health.up().withDetails(details).build();
    }
}
