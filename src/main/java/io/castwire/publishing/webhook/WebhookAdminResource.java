package io.castwire.publishing.webhook;

import io.castwire.common.NotFoundException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin view of webhook subscribers ({@code /api/webhooks/subscribers}, admin login): what is
 * configured, who is disabled after a 410 Gone, circuit states and delivery counts; and the way
 * back for a disabled subscriber. URLs are shown as scheme, host and port only (a path may carry a
 * token), secrets not at all.
 */
@RestController
public class WebhookAdminResource {

    private final WebhookProperties properties;
    private final WebhookDeliveries deliveries;
    private final WebhookCircuits circuits;

    private final WebhookEvents events;

    public WebhookAdminResource(WebhookProperties properties, WebhookDeliveries deliveries, WebhookCircuits circuits,
                                WebhookEvents events) {
        this.events = events;
        this.properties = properties;
        this.deliveries = deliveries;
        this.circuits = circuits;
    }

    @GetMapping("/api/webhooks/subscribers")
    public List<Map<String, Object>> subscribers() {
        var disabled = deliveries.disabledSubscribers();
        return properties.getSubscribers().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.getName());
            m.put("origin", origin(s.getUrl()));
            m.put("events", s.getEvents());
            m.put("enabled", s.isEnabled());
            WebhookDeliveries.DisabledSubscriber gone = disabled.get(s.getName());
            m.put("disabledAt", gone == null ? null : gone.disabledAt());
            m.put("disabledReason", gone == null ? null : gone.reason());
            m.put("circuit", circuits.state(s).name());
            m.put("deliveries", deliveries.countByState(s.getName()));
            return m;
        }).toList();
    }

    /**
     * Sends to a subscriber again after it answered 410 Gone.
     *
     * @param resend also queue again the deliveries that were disabled with it (same webhook-id)
     */
    @PostMapping("/api/webhooks/subscribers/{name}/enable")
    public Map<String, Object> enable(@PathVariable String name, @RequestParam(defaultValue = "false") boolean resend) {
        if (properties.subscriber(name).isEmpty()) {
            throw new NotFoundException("no webhook subscriber named " + name);
        }
        int requeued = deliveries.enableSubscriber(name, resend);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("enabled", true);
        m.put("requeued", requeued);
        return m;
    }

    /**
     * Queues a signed {@code webhook.test} event for the subscriber (whatever events it subscribed
     * to): the way to check its URL, secret and signature check. Answers 202 with the webhook-id.
     */
    @PostMapping("/api/webhooks/subscribers/{name}/test")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.ACCEPTED)
    public Map<String, Object> test(@PathVariable String name) {
        if (properties.subscriber(name).isEmpty()) {
            throw new NotFoundException("no webhook subscriber named " + name);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscriber", name);
        m.put("webhookId", events.test(name));
        return m;
    }

    private static String origin(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "(invalid)";
        }
    }
}
