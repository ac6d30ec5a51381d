package io.castwire.publishing.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Tells admins when a destination's circuit opens or closes again: a log line and a
 * {@code system.alert} event (which webhook subscribers can receive).
 */
@Component
public class CircuitAlerts extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitAlerts.class);

    private final Destinations destinations;
    private final CamelContext camel;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /** Breakers already watched (a restarted route may bring a new one). */
    private final java.util.Set<CircuitBreaker> watched =
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    public CircuitAlerts(Destinations destinations, CamelContext camel, ApplicationEventPublisher events, Clock clock) {
        this.destinations = destinations;
        this.camel = camel;
        this.events = events;
        this.clock = clock;
        if (!camel.getManagementStrategy().getEventNotifiers().contains(this)) {
            camel.getManagementStrategy().addEventNotifier(this);
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteStartedEvent;
    }

    /** When a destination's send route starts, watches its circuit. */
    @Override
    public void notify(CamelEvent event) {
        String routeId = ((CamelEvent.RouteStartedEvent) event).getRoute().getRouteId();
        for (Destination d : destinations.all()) {
            if (Destinations.sendRoute(d).equals(routeId)) {
                watch(d.name());
            }
        }
    }

    private synchronized void watch(String destination) {
        ResilienceProcessor p = camel.getProcessor(Destinations.circuitId(destination), ResilienceProcessor.class);
        CircuitBreaker breaker = p == null ? null : p.getCircuitBreaker();
        if (breaker == null) {
            LOG.debug("Route {} started without a circuit to watch (processor {})", destinations.sendRoute(destination), p);
            return;
        }
        if (!watched.add(breaker)) {
            return;
        }
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.State from = e.getStateTransition().getFromState();
            CircuitBreaker.State to = e.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN && from == CircuitBreaker.State.HALF_OPEN) {
                return; // a failed trial call: still the same outage, already announced
            }
            if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN
                    || to == CircuitBreaker.State.CLOSED) {
                alert(destination, from.name(), to.name());
            }
        });
    }

    private void alert(String destination, String from, String to) {
        boolean open = !to.equals("CLOSED");
        if (open) {
            LOG.warn("Circuit of destination {} is {} (was {}): calls wait until it lets a trial call through",
                    destination, to, from);
        } else {
            LOG.info("Circuit of destination {} is CLOSED again (was {})", destination, from);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", open ? "circuit-open" : "circuit-closed");
        data.put("destination", destination);
        data.put("from", from);
        data.put("to", to);
        try {
            events.publishEvent(new HubEvent("system.alert", null,
                    "circuit:" + destination + ":" + to + ":" + clock.millis(), data));
        } catch (RuntimeException e) {
            // an alert must never break the call that tripped the circuit
            LOG.warn("Could not queue the circuit alert for {}: {}", destination, e.toString());
        }
    }
}
