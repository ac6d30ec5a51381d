package io.castwire.publishing.delivery;

import io.castwire.operations.deadletter.DeadLetters;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * One route configuration per destination ({@code publish-<name>}), from its settings: quick
 * redelivery with exponential backoff and jitter for what may pass; none for refusals, an open
 * circuit, a Retry-After (that wait is honoured in the ledger, not by holding a thread) or a call
 * that may have acted (a timeout, a 500: the next round looks it up after a backoff); then
 * {@link DeliveryFailures}, which reschedules the row in the database or dead-letters it.
 */
@Component
public class DestinationRouteConfigurations extends RouteConfigurationBuilder {

    private final Destinations destinations;

    public DestinationRouteConfigurations(Destinations destinations) {
        this.destinations = destinations;
    }

    public static String id(String destination) {
        return "publish-" + destination;
    }

    @Override
    public void configuration() {
        for (Destination d : destinations.all()) {
            DestinationSettings s = d.settings();
            RouteConfigurationDefinition c = routeConfiguration(id(d.name()));
            c.errorHandler(deadLetterChannel("bean:deliveryFailures?method=handle(*, '" + d.name() + "')")
                    .useOriginalMessage()
                    .onRedelivery(exchange -> exchange.setProperty(DeadLetters.ATTEMPTS,
                            exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class) + 1))
                    .maximumRedeliveries(s.getMaxRedeliveries())
                    .redeliveryDelay(s.getRedeliveryDelay().toMillis())
                    .useExponentialBackOff()
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN));
            // an onException has its own policy: it must ask for the original message (the id) too
            c.onException(PermanentDeliveryException.class, CallNotPermittedException.class, IllegalStateException.class,
                    IllegalArgumentException.class).maximumRedeliveries(0).useOriginalMessage();
            c.onException(DeliveryException.class)
                    // a Retry-After is honoured in the ledger; a call that may have acted is looked up
                    // in the next round, not retried at once against listings that may lag behind
                    .onWhen(exchange -> {
                        DeliveryException e = exchange.getException(DeliveryException.class);
                        return e != null && (e.retryAfter() != null || DeliveryFailures.mayHaveActed(e));
                    })
                    .maximumRedeliveries(0)
                    .useOriginalMessage();
        }
    }
}
