package io.castwire.publishing.rss;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Publishing to the podcast feed. One consumer, so two episodes of a show never rewrite its feed
 * at the same time. Failures are retried with exponential backoff and jitter, then recorded as a
 * dead letter and the episode marked FAILED.
 */
@Component
public class RssRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "publish-rss-feed";

    @Override
    public void configure() {
        from("seda:" + ROUTE_ID + "?concurrentConsumers=1")
                .routeId(ROUTE_ID)
                .routeConfigurationId(RssRouteConfiguration.ID)
                .autoStartup("{{castwire.routes.publish-rss-feed.auto-startup:true}}")
                .bean(RssPublisher.class, "publish(${body})");
    }
}
