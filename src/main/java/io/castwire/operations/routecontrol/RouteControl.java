package io.castwire.operations.routecontrol;

import io.castwire.common.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Service;

/**
 * Starts and stops routes by id at run time and records the state asked for in
 * {@code route_states}, so it survives a restart ({@link RouteStartupGate}). Changes made in
 * Hawtio or over Jolokia are recorded by {@link RouteStateRecorder}.
 */
@Service
public class RouteControl {

    /** A route as {@code GET /api/routes} shows it. */
    public record RouteView(String id, String state, String desiredState, String changedBy, Instant changedAt,
                            String group, String destination) {
    }

    private final CamelContext camel;
    private final RouteStates states;

    public RouteControl(CamelContext camel, RouteStates states) {
        this.camel = camel;
        this.states = states;
    }

    /** Every route of the hub, by id, with its state and the last recorded change. */
    public List<RouteView> list() {
        Map<String, RouteStates.Change> recorded = states.all();
        List<RouteView> out = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            out.add(view(r, Optional.ofNullable(recorded.get(r.getRouteId()))));
        }
        out.sort(Comparator.comparing(RouteView::id));
        return out;
    }

    /** One route; 404 when the hub has no route with that id. */
    public RouteView get(String id) {
        return view(route(id), states.find(id));
    }

    /**
     * Stops the route after recording that it should stay stopped (so a crash in between still
     * leaves it stopped after the restart). Messages already handed to it wait in its queue.
     */
    public RouteView stop(String id, String actor) throws Exception {
        route(id);
        states.record(id, RouteStates.STOPPED, actor);
        camel.getRouteController().stopRoute(id);
        return get(id);
    }

    /** Starts the route and records that it should run. */
    public RouteView start(String id, String actor) throws Exception {
        route(id);
        states.record(id, RouteStates.STARTED, actor);
        camel.getRouteController().startRoute(id);
        return get(id);
    }

    private Route route(String id) {
        Route r = id == null ? null : camel.getRoute(id);
        if (r == null) {
            throw new NotFoundException("no route with id '" + id + "' (GET /api/routes lists them)");
        }
        return r;
    }

    private RouteView view(Route r, Optional<RouteStates.Change> change) {
        ServiceStatus s = camel.getRouteController().getRouteStatus(r.getRouteId());
        return new RouteView(r.getRouteId(), s == null ? "Unknown" : s.name(),
                change.map(RouteStates.Change::desiredState).orElse(null),
                change.map(RouteStates.Change::changedBy).orElse(null),
                change.map(RouteStates.Change::changedAt).orElse(null), r.getGroup(), destinationOf(r.getRouteId()));
    }

    /** {@code publish-<destination>-…} routes name their destination; other routes have none. */
    static String destinationOf(String routeId) {
        if (!routeId.startsWith("publish-")) {
            return null;
        }
        String rest = routeId.substring("publish-".length());
        int dash = rest.indexOf('-');
        return dash > 0 ? rest.substring(0, dash) : null;
    }
}
