package io.castwire.publishing.webhook;

import io.castwire.common.HubRouteConfigurations;
import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.Handoff;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Outbound webhooks. The database is the queue ({@code webhook_deliveries}): the poll hands due
 * delivery ids to an in-process queue, and a few workers claim, sign and send them. The queue
 * carries ids only, so whatever it loses in a crash, or holds while a route is stopped, the poll
 * finds again in the database.
 */
@Component
public class WebhookRoutes extends RouteBuilder {

    public static final String POLL = "publish-webhooks-outbox-poll";
    public static final String DELIVER = "publish-webhooks-deliver";

    private final WebhookProperties properties;
    private final Backbone backbone;

    public WebhookRoutes(WebhookProperties properties, Backbone backbone) {
        this.properties = properties;
        this.backbone = backbone;
    }

    @Override
    public void configure() {
        // a full queue drops the id: it is still due in the database and offered again later
        String options = "size=" + properties.getQueueSize() * 2 + "&discardWhenFull=true";

        from("timer:" + POLL + "?delay=2000&period=" + properties.getPollInterval().toMillis())
                .routeId(POLL)
                .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                .autoStartup("{{castwire.routes.publish-webhooks-outbox-poll.auto-startup:true}}")
                .bean(WebhookOutbox.class, "due")
                .split(body())
                    .process(backbone.keyed())
                    .to(backbone.producer(Handoff.WEBHOOKS, options));

        from(backbone.consumer(Handoff.WEBHOOKS, properties.getConcurrency(), options))
                .routeId(DELIVER)
                .routeConfigurationId(WebhookRouteConfiguration.ID)
                .autoStartup("{{castwire.routes.publish-webhooks-deliver.auto-startup:true}}")
                .process(backbone.receive())
                .bean(WebhookSender.class, "claim(${body})")
                .filter(body().isNotNull())
                    .bean(WebhookSender.class, "send(${body})")
                .end();
    }
}
