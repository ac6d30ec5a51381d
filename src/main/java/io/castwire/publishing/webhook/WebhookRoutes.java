package io.castwire.publishing.webhook;

import io.castwire.common.HubRouteConfigurations;
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

    public WebhookRoutes(WebhookProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        String queue = "seda:" + DELIVER + "?size=" + properties.getQueueSize() * 2;

        from("timer:" + POLL + "?delay=2000&period=" + properties.getPollInterval().toMillis())
                .routeId(POLL)
                .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                .autoStartup("{{castwire.routes.publish-webhooks-outbox-poll.auto-startup:true}}")
                .bean(WebhookOutbox.class, "due")
                .split(body())
                    // a full queue drops the id: it is still due in the database and offered again later
                    .to(queue + "&discardWhenFull=true");

        from(queue + "&concurrentConsumers=" + properties.getConcurrency())
                .routeId(DELIVER)
                .routeConfigurationId(WebhookRouteConfiguration.ID)
                .autoStartup("{{castwire.routes.publish-webhooks-deliver.auto-startup:true}}")
                .bean(WebhookSender.class, "claim(${body})")
                .filter(body().isNotNull())
                    .bean(WebhookSender.class, "send(${body})")
                .end();
    }
}
