package io.castwire.processing;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubRouteConfigurations;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The in-process processing queue. It carries episode ids only; the database holds the state,
 * so anything lost from this queue in a crash is found again by {@code processing-outbox-poll}.
 */
@Component
public class ProcessingRoutes extends RouteBuilder {

    public static final String RUN = "processing-episode-run";
    private final CastwireProperties properties;

    public ProcessingRoutes(CastwireProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        fromF("seda:%s?concurrentConsumers=%d&size=%d", RUN, properties.getProcessing().getConcurrency(),
                properties.getProcessing().getQueueSize() * 2)
                .routeId(RUN)
                .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                .autoStartup("{{castwire.routes.processing-episode-run.auto-startup:true}}")
                .setProperty("episodeId", body())
                .bean(EpisodeProcessor.class, "process(${body})")
                // processed now: hand it to the feed at once (the outbox poll covers a crash in between)
                .filter(body().isEqualTo(true))
                    .setBody(exchangeProperty("episodeId"))
                    .to("seda:publish-rss-feed");
    }
}
