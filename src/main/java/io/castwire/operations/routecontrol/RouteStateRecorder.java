package io.castwire.operations.routecontrol;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records route starts and stops made outside {@link RouteControl} (Hawtio, Jolokia, code) with
 * the user of the request thread they ran on (Jolokia executes in the HTTP request thread), or
 * {@code system}. Events while the Camel context starts or stops are ignored: the hub's own
 * start-up and shutdown are not an admin's decision.
 */
@Component
public class RouteStateRecorder extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RouteStateRecorder.class);

    private final RouteStates states;

    public RouteStateRecorder(RouteStates states) {
        this.states = states;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteStartedEvent || event instanceof CamelEvent.RouteStoppedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.RouteEvent e = (CamelEvent.RouteEvent) event;
        CamelContext camel = e.getRoute().getCamelContext();
        if (camel.getStatus() != ServiceStatus.Started) {
            return;
        }
        String id = e.getRoute().getRouteId();
        String state = event instanceof CamelEvent.RouteStoppedEvent ? RouteStates.STOPPED : RouteStates.STARTED;
        try {
            boolean known = states.find(id).map(c -> c.desiredState().equals(state)).orElse(false);
            if (!known) {
                // RouteControl records before it acts, so only changes made elsewhere get here
                states.record(id, state, Actor.current());
            }
        } catch (RuntimeException dbAway) {
            LOG.warn("route {} is now {}, but that could not be recorded: {}", id, state, dbAway.toString());
        }
    }
}
