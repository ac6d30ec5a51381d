package io.castwire.operations.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The log context of a route's work: {@code destination} in the MDC while a {@code publish-<destination>-*}
 * route runs an exchange (Camel's own MDC, {@code camel.springboot.use-mdc-logging}, adds
 * {@code camel.routeId}, shown as {@code routeId} in JSON logs). It also clears {@code episodeId}, which
 * the steps set once they know the episode, so a pooled thread never logs a previous exchange's episode.
 * Camel picks up every {@link RoutePolicyFactory} bean for all routes.
 */
@Component
public class LogContextPolicy implements RoutePolicyFactory {

    public static final String EPISODE_ID = "episodeId";
    public static final String DESTINATION = "destination";

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        String destination = RouteMeterTags.destinationOf(routeId);
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route r, Exchange exchange) {
                MDC.remove(EPISODE_ID);
                if (RouteMeterTags.NONE.equals(destination)) {
                    MDC.remove(DESTINATION);
                } else {
                    MDC.put(DESTINATION, destination);
                }
            }

            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                MDC.remove(EPISODE_ID);
                MDC.remove(DESTINATION);
            }
        };
    }
}
