package io.castwire.ingest.folder;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.ingest.IngestOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.Handoff;
import io.castwire.processing.ProcessingRoutes;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Watches {@code castwire.home/inbox}. Only whole files are taken: a file must keep the same size
 * and modification time for {@code castwire.ingest.settle-time} (readLock=changed). Camel never
 * moves or deletes inbox files itself ({@code noop}, no idempotent memory): the ingest beans move
 * each file to the store or to quarantine, and a file they leave (database away) is simply seen
 * again on the next poll.
 */
@Component
public class FolderIngestRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "ingest-folder-poll";
    static final String EXCLUDE = "**/.*,**/*.part,**/*.partial,**/*.tmp,**/*.crdownload,**/*.error.json,**/show.json";

    private final HubPaths paths;
    private final CastwireProperties properties;
    private final Backbone backbone;

    public FolderIngestRoutes(HubPaths paths, CastwireProperties properties, Backbone backbone) {
        this.paths = paths;
        this.properties = properties;
        this.backbone = backbone;
    }

    @Override
    public void configure() {
        long settle = properties.getIngest().getSettleTime().toMillis();
        fromF("file:%s?recursive=true&noop=true&idempotent=false&readLock=changed&readLockMarkerFile=false&readLockMinLength=0&readLockMinAge=%d"
                        + "&readLockCheckInterval=%d&readLockTimeout=%d&readLockLoggingLevel=OFF&delay=%d"
                        + "&maxMessagesPerPoll=200&eagerMaxMessagesPerPoll=false&sortBy=file:modified&antExclude=%s"
                        + "&backoffErrorThreshold=3&backoffMultiplier=5",
                paths.inbox(), settle, Math.max(100, settle / 2), settle * 4 + 2000,
                properties.getIngest().getPollInterval().toMillis(), EXCLUDE)
                .routeId(ROUTE_ID)
                .autoStartup("{{castwire.routes.ingest-folder-poll.auto-startup:true}}")
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.DEBUG, "${header.CamelFileName}: ${exception.message} (a file not yet taken stays in the inbox)")
                .end()
                .threads(properties.getIngest().getConcurrency())
                .bean(FolderIngest.class, "accept(${header." + Exchange.FILE_PATH + "})")
                .filter(exchange -> exchange.getMessage().getBody(IngestOutcome.class).dueNow())
                    .setBody(simple("${body.episodeId}"))
                    .process(backbone.keyed())
                    .to(backbone.producer(Handoff.EPISODES, ProcessingRoutes.queueOptions(properties)));
    }
}
