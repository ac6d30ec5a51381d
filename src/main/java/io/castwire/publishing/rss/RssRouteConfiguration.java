package io.castwire.publishing.rss;

import io.castwire.operations.deadletter.DeadLetters;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The podcast feed's error handling: redelivery with exponential backoff and jitter
 * ({@code castwire.publish.rss.*}) for what may pass (I/O, the database), none for bad settings,
 * then the dead-letter channel, which records the original
 * message, the cause and the attempts, and marks the episode FAILED.
 */
@Component
public class RssRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "publish-rss";

    private final int maxRedeliveries;
    private final long redeliveryDelay;

    public RssRouteConfiguration(@Value("${castwire.publish.rss.max-redeliveries:3}") int maxRedeliveries,
                                 @Value("${castwire.publish.rss.redelivery-delay:1000}") long redeliveryDelay) {
        this.maxRedeliveries = maxRedeliveries;
        this.redeliveryDelay = redeliveryDelay;
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition rss = routeConfiguration(ID);
        rss.errorHandler(deadLetterChannel("bean:deadLetters?method=record(*, 'rss')")
                .useOriginalMessage()
                // Camel drops its redelivery headers before the dead-letter endpoint: keep the count
                .onRedelivery(exchange -> exchange.setProperty(DeadLetters.ATTEMPTS,
                        exchange.getMessage().getHeader(org.apache.camel.Exchange.REDELIVERY_COUNTER, Integer.class) + 1))
                .maximumRedeliveries(maxRedeliveries)
                .redeliveryDelay(redeliveryDelay)
                .useExponentialBackOff()
                .useCollisionAvoidance()
                .retryAttemptedLogLevel(LoggingLevel.WARN));
        // bad settings (show.json, an unknown category) will not fix themselves: no retries
        rss.onException(IllegalArgumentException.class).maximumRedeliveries(0);
    }
}
