package io.castwire.publishing.rss;

import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.Handoff;
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
    /** The in-process queue's options (the same at every producer): none, an unbounded queue. */
    public static final String QUEUE_OPTIONS = "";

    private final Backbone backbone;

    public RssRoutes(Backbone backbone) {
        this.backbone = backbone;
    }

    @Override
    public void configure() {
        // one consumer per process; on Kafka several replicas write feeds, serialized per show by a row lock
        from(backbone.consumer(Handoff.PUBLICATIONS, 1, QUEUE_OPTIONS))
                .routeId(ROUTE_ID)
                .routeConfigurationId(RssRouteConfiguration.ID)
                .autoStartup("{{castwire.routes.publish-rss-feed.auto-startup:true}}")
                .process(backbone.receive())
                .bean(RssPublisher.class, "publish(${body})");
    }
}
