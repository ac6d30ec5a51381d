package io.castwire.common;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by the hub's scheduled routes. The database is the source of truth, so
 * while it is away a scheduled sweep has nothing to do: it says so in one line and tries again on
 * its next tick instead of logging a stack trace every few seconds.
 */
@Component
public class HubRouteConfigurations extends RouteConfigurationBuilder {

    public static final String SCHEDULED = "hub-scheduled-errors";

    @Override
    public void configuration() {
        routeConfiguration(SCHEDULED)
                .onException(TransientDataAccessException.class, RecoverableDataAccessException.class,
                        DataAccessResourceFailureException.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "${routeId}: database unavailable, will try again on the next tick "
                            + "(${exception.message})");
    }
}
