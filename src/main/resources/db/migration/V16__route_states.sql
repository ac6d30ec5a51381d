-- Route control (issue 8). Portable SQL: H2 in PostgreSQL mode and PostgreSQL 15.

-- The state an admin asked a route to be in, who asked and when. A route recorded STOPPED is kept
-- from starting when the hub starts (RouteStartupGate); no row means the route's own auto-startup.
CREATE TABLE route_states (
    route_id      VARCHAR(200) PRIMARY KEY,
    desired_state VARCHAR(16) NOT NULL,
    changed_by    VARCHAR(200) NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
