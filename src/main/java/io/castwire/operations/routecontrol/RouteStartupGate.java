package io.castwire.operations.routecontrol;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Routes an admin stopped stay stopped across restarts: before the Camel context starts, their ids
 * join its auto-startup exclude pattern, so they never consume a message until started again.
 */
@Component
public class RouteStartupGate implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteStartupGate.class);

    private final RouteStates states;

    public RouteStartupGate(RouteStates states) {
        this.states = states;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        List<String> stopped = states.stopped();
        if (stopped.isEmpty()) {
            return;
        }
        String pattern = String.join(",", stopped);
        String existing = camel.getAutoStartupExcludePattern();
        camel.setAutoStartupExcludePattern(existing == null || existing.isBlank() ? pattern : existing + "," + pattern);
        LOG.info("routes stopped by an admin stay stopped until started again: {}", pattern);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing: the pattern did its work when the routes started
    }
}
