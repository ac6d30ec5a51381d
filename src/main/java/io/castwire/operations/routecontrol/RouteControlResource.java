package io.castwire.operations.routecontrol;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/routes} (admin and viewer), {@code POST /api/routes/{id}/stop|start} (admin only,
 * see SecurityConfiguration). An unknown id is a 404 problem.
 */
@RestController
public class RouteControlResource {

    private final RouteControl control;

    public RouteControlResource(RouteControl control) {
        this.control = control;
    }

    @GetMapping("/api/routes")
    public List<RouteControl.RouteView> list() {
        return control.list();
    }

    @GetMapping("/api/routes/{id}")
    public RouteControl.RouteView get(@PathVariable("id") String id) {
        return control.get(id);
    }

    @PostMapping("/api/routes/{id}/stop")
    public RouteControl.RouteView stop(@PathVariable("id") String id) throws Exception {
        return control.stop(id, Actor.current());
    }

    @PostMapping("/api/routes/{id}/start")
    public RouteControl.RouteView start(@PathVariable("id") String id) throws Exception {
        return control.start(id, Actor.current());
    }
}
