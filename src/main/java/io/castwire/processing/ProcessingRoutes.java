package io.castwire.processing;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubRouteConfigurations;
import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.Handoff;
import io.castwire.publishing.rss.RssRoutes;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The in-process processing queue. It carries episode ids only; the database holds the state,
 * so anything lost from this queue in a crash is found again by {@code processing-outbox-poll}.
 * The queue is the {@link Backbone}'s: SEDA embedded, topic {@code castwire.episodes} on Kafka.
 */
@Component
public class ProcessingRoutes extends RouteBuilder {

    public static final String RUN = "processing-episode-run";
    private final CastwireProperties properties;
    private final Backbone backbone;

    public ProcessingRoutes(CastwireProperties properties, Backbone backbone) {
        this.properties = properties;
        this.backbone = backbone;
    }

    /**
     * The in-process queue's options (the same at both ends): the priority queue of job control,
     * so urgent episodes overtake queued bulk ones.
     */
    public static String queueOptions(CastwireProperties properties) {
        return "size=" + properties.getProcessing().getQueueSize() * 2 + "&queue=#"
                + io.castwire.operations.queue.EpisodeQueue.BEAN;
    }

    @Override
    public void configure() {
        from(backbone.consumer(Handoff.EPISODES, properties.getProcessing().getConcurrency(), queueOptions(properties)))
                .routeId(RUN)
                .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                .autoStartup("{{castwire.routes.processing-episode-run.auto-startup:true}}")
                .process(backbone.receive())
                .setProperty("episodeId", body())
                .bean(EpisodeProcessor.class, "process(${body})")
                // processed now: hand it to the feed at once (the outbox poll covers a crash in between)
                .filter(body().isEqualTo(true))
                    .setBody(exchangeProperty("episodeId"))
                    .process(backbone.keyed())
                    .to(backbone.producer(Handoff.PUBLICATIONS, RssRoutes.QUEUE_OPTIONS));
    }
}
