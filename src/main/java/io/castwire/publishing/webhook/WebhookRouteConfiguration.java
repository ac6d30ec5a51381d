package io.castwire.publishing.webhook;

import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * Error handling of webhook deliveries. Quick in-memory redeliveries with exponential backoff and
 * jitter (collision avoidance) for what may pass in seconds; none for a permanent refusal, an open
 * circuit, or an answer with Retry-After (waiting less than asked would be rude and useless). Then
 * the dead-letter channel, {@link WebhookFailures#onDeadLetter}, which puts the delivery back in the
 * database for a later attempt or, after the last one, marks it FAILED with a dead letter.
 */
@Component
public class WebhookRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "publish-webhooks";

    private final WebhookProperties properties;

    public WebhookRouteConfiguration(WebhookProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition webhooks = routeConfiguration(ID);
        webhooks.errorHandler(deadLetterChannel("bean:webhookFailures?method=onDeadLetter")
                // the delivery id, not the claimed row: the handler reads the row's current state
                .useOriginalMessage()
                .onRedelivery(exchange -> exchange.setProperty(WebhookFailures.REDELIVERIES,
                        exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class)))
                .maximumRedeliveries(properties.getMaxRedeliveries())
                .redeliveryDelay(properties.getRedeliveryDelay().toMillis())
                .maximumRedeliveryDelay(properties.getMaxRedeliveryDelay().toMillis())
                .useExponentialBackOff()
                .useCollisionAvoidance()
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                // WebhookFailures logs the outcome in one line
                .logExhausted(false)
                .logStackTrace(false));
        // an onException does not inherit useOriginalMessage from the error handler: say it again
        webhooks.onException(PermanentDeliveryException.class).useOriginalMessage().maximumRedeliveries(0);
        webhooks.onException(WebhookCircuitOpenException.class).useOriginalMessage().maximumRedeliveries(0);
        webhooks.onException(DeliveryException.class)
                .onWhen(exchange -> {
                    DeliveryException e = exchange.getException(DeliveryException.class);
                    return e != null && e.retryAfter() != null;
                })
                .useOriginalMessage()
                .maximumRedeliveries(0);
    }
}
