package io.castwire.publishing.webhook;

import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HttpFailures;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.Secrets;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.core5.http.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one webhook delivery: signs it (Standard Webhooks), POSTs it through the
 * {@link GuardedHttpClient} inside the subscriber's circuit breaker, and records the answer.
 * 2xx is delivered; 410 Gone disables the subscriber; 408/425/429/5xx and I/O failures throw a
 * {@link DeliveryException} (Retry-After kept) for the route to retry; redirects, other 4xx, an
 * SSRF refusal and a missing or malformed secret throw a {@link PermanentDeliveryException}.
 * <p>
 * Claiming and sending are two steps because Camel redelivers only the step that failed: a quick
 * redelivery re-signs and re-sends under the claim the first step took.
 */
@Component
public class WebhookSender {

    /** The dead-letter destination of webhook deliveries. */
    public static final String DESTINATION = "webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final ContentType JSON = ContentType.create("application/json");

    private final WebhookDeliveries deliveries;
    private final WebhookOutbox outbox;
    private final WebhookProperties properties;
    private final WebhookCircuits circuits;
    private final GuardedHttpClient http;
    private final Secrets secrets;
    private final MeterRegistry meters;
    private final Clock clock;

    public WebhookSender(WebhookDeliveries deliveries, WebhookOutbox outbox, WebhookProperties properties,
                         WebhookCircuits circuits, GuardedHttpClient http, Secrets secrets, MeterRegistry meters, Clock clock) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.properties = properties;
        this.circuits = circuits;
        this.http = http;
        this.secrets = secrets;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Takes a queued delivery for one attempt. Called by route {@code publish-webhooks-deliver}.
     *
     * @return the delivery, or null when it is not due any more or another worker has it
     */
    public WebhookDelivery claim(long deliveryId) {
        outbox.done(deliveryId);
        return deliveries.claim(deliveryId, properties.getLease()).orElse(null);
    }

    /**
     * Signs and POSTs a claimed delivery and records the outcome. Called by route
     * {@code publish-webhooks-deliver}; each quick redelivery calls it again, with a new
     * {@code webhook-timestamp} and signature and the same {@code webhook-id}.
     *
     * @throws PermanentDeliveryException when sending again cannot help
     * @throws WebhookCircuitOpenException when the subscriber's circuit is open (nothing was sent)
     * @throws DeliveryException when a later attempt may succeed
     */
    public void send(WebhookDelivery delivery) throws DeliveryException {
        Optional<WebhookProperties.Subscriber> configured = properties.subscriber(delivery.subscriber());
        String name = delivery.subscriber();
        if (configured.isEmpty() || !configured.get().isEnabled()) {
            skip(delivery, configured.isEmpty() ? "subscriber " + name + " is no longer configured"
                    : "subscriber " + name + " is disabled in configuration");
            return;
        }
        if (deliveries.isDisabled(name)) {
            skip(delivery, "subscriber " + name + " is disabled (it answered 410 Gone); enable it to send again");
            return;
        }
        WebhookProperties.Subscriber subscriber = configured.get();
        String what = "webhook " + name;
        URI url;
        try {
            url = SsrfGuard.checkUrl(subscriber.getUrl());
        } catch (SsrfRefusedException e) {
            throw new PermanentDeliveryException(what + ": URL refused by the SSRF guard: " + e.getMessage(), 0, e);
        }
        String secret = secrets.require(what, subscriber.getSecretEnv());
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = WebhookSigner.sign(delivery.messageId(), timestamp, body, secret);
        } catch (IllegalArgumentException e) {
            throw new PermanentDeliveryException(what + ": the secret in '" + subscriber.getSecretEnv() + "' is unusable: "
                    + e.getMessage(), 0);
        }
        Map<String, String> headers = Map.of(WebhookSigner.ID_HEADER, delivery.messageId(),
                WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp), WebhookSigner.SIGNATURE_HEADER, signature);
        // the host only: a webhook URL's path or query often carries a token of its own
        String at = "at " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");

        GuardedHttpClient.Response answer = circuits.call(subscriber, () -> {
            GuardedHttpClient.Response r;
            try {
                r = http.post(url, headers, body, JSON);
            } catch (SsrfRefusedException e) {
                throw new PermanentDeliveryException(what + ": " + e.getMessage(), 0, e);
            } catch (IOException e) {
                throw new DeliveryException(what + " " + at + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            if (HttpFailures.retryable(r.status())) {
                throw HttpFailures.of(what, at, r.status(), r.retryAfter(), r.body(), clock);
            }
            return r;
        });

        if (answer.is2xx()) {
            deliveries.delivered(delivery.id(), answer.status());
            count(name, "delivered");
            LOG.debug("Webhook {} ({}) delivered to {}: HTTP {}", delivery.messageId(), delivery.eventType(), name, answer.status());
            return;
        }
        if (answer.status() == 410) {
            int disabled = deliveries.disableSubscriber(name, "answered 410 Gone to " + delivery.messageId() + " " + at);
            count(name, "gone");
            LOG.warn("Webhook subscriber {} answered 410 Gone: disabled, {} waiting deliveries with it; "
                    + "POST /api/webhooks/subscribers/{}/enable to send to it again", name, disabled, name);
            return;
        }
        if (answer.status() >= 300 && answer.status() < 400) {
            String target = redirectHost(answer.location());
            throw new PermanentDeliveryException(what + " " + at + " answered HTTP " + answer.status() + ", a redirect"
                    + (target == null ? "" : " to " + target) + ", which is not followed: update the subscriber's URL",
                    answer.status());
        }
        throw HttpFailures.of(what, at, answer.status(), answer.retryAfter(), answer.body(), clock);
    }

    private void skip(WebhookDelivery delivery, String reason) {
        deliveries.disable(delivery.id(), reason);
        count(delivery.subscriber(), "disabled");
        LOG.info("Webhook {} not sent: {}", delivery.messageId(), reason);
    }

    private void count(String subscriber, String outcome) {
        meters.counter("castwire.webhooks.deliveries", "subscriber", subscriber, "outcome", outcome).increment();
    }

    /** Where a redirect pointed, host only (its path may carry a token). */
    private static String redirectHost(String location) {
        if (location == null) {
            return null;
        }
        try {
            String host = URI.create(location.strip()).getHost();
            return host == null ? "a relative location" : host;
        } catch (IllegalArgumentException e) {
            return "an unreadable location";
        }
    }
}
