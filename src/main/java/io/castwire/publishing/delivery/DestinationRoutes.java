package io.castwire.publishing.delivery;

import io.castwire.common.CastwireProperties;
import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.Handoff;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Two routes per destination bean. {@code publish-<name>-outbox-poll} hands due ledger rows to
 * {@code publish-<name>-send}, which claims the row, calls the destination inside its circuit
 * breaker and records the outcome. Stopping a destination's send route holds its work in the
 * queue and the ledger; it flows when the route starts again. Error handling is the destination's
 * own route configuration ({@link DestinationRouteConfigurations}).
 */
@Component
public class DestinationRoutes extends RouteBuilder {

    private final Destinations destinations;
    private final CastwireProperties properties;
    private final Backbone backbone;

    public DestinationRoutes(Destinations destinations, CastwireProperties properties, Backbone backbone) {
        this.destinations = destinations;
        this.properties = properties;
        this.backbone = backbone;
    }

    @Override
    public void configure() {
        for (Destination d : destinations.all()) {
            String name = d.name();
            String send = Destinations.sendRoute(d);
            String poll = Destinations.pollRoute(name);
            // one URI for both ends: a full queue (a stopped route) drops the hand-off, never the work,
            // which waits in the ledger and is offered again after a lease
            // (on Kafka: topic castwire.publish.<name>; a stopped route leaves its records in the topic)
            String options = "size=1000&discardWhenFull=true";
            Handoff handoff = Handoff.destination(name, send);
            DestinationSettings.Circuit c = d.settings().getCircuit();

            from("timer:" + poll + "?period=" + properties.getPublish().getPollInterval().toMillis() + "&delay=2000")
                    .routeId(poll)
                    .routeConfigurationId(io.castwire.common.HubRouteConfigurations.SCHEDULED)
                    .autoStartup("{{castwire.routes." + poll + ".auto-startup:true}}")
                    // in-process: a stopped send route is handed nothing more; its rows wait in the ledger
                    .filter(exchange -> d.settings().isEnabled() && (backbone.isKafka() || running(send)))
                    .bean(DestinationPublisher.class, "due('" + name + "')")
                    .split(body())
                    .process(backbone.keyed())
                    .to(backbone.producer(handoff, options));

            from(backbone.consumer(handoff, 2, options))
                    .routeId(send)
                    .routeConfigurationId(DestinationRouteConfigurations.id(name))
                    .autoStartup("{{castwire.routes." + send + ".auto-startup:true}}")
                    .process(backbone.receive())
                    .bean(DestinationPublisher.class, "prepare('" + name + "', ${body}, ${exchange})")
                    .filter(body().isNotNull())
                        .circuitBreaker().id(Destinations.circuitId(name))
                            .resilience4jConfiguration()
                                .failureRateThreshold(c.getFailureRateThreshold())
                                .minimumNumberOfCalls(c.getMinimumCalls())
                                .slidingWindowSize(c.getSlidingWindow())
                                .waitDurationInOpenState((int) Math.max(1, c.getWaitInOpen().toSeconds()))
                                .permittedNumberOfCallsInHalfOpenState(c.getHalfOpenCalls())
                                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                                .throwExceptionWhenHalfOpenOrOpenState(true)
                            .end()
                            .bean(DestinationPublisher.class, "call('" + name + "', ${body})")
                        .end()
                        .bean(DestinationPublisher.class, "complete('" + name + "', ${body})")
                    .end();
        }
    }

    private boolean running(String routeId) {
        org.apache.camel.ServiceStatus s = getContext().getRouteController().getRouteStatus(routeId);
        return s != null && s.isStarted();
    }
}
