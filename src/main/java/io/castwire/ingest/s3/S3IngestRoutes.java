package io.castwire.ingest.s3;

import io.castwire.common.CastwireProperties;
import io.castwire.common.InboundHeaderFilter;
import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.Handoff;
import io.castwire.common.storage.S3Properties;
import io.castwire.ingest.IngestOutcome;
import io.castwire.processing.ProcessingRoutes;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Watches the S3 inbox ({@code castwire.s3.ingest.*}). The consumer lists the prefix and hands
 * over each object's open stream ({@code includeBody=false}: nothing is read into memory, and
 * stream caching is off for this route); it never moves or deletes objects itself:
 * {@link S3Ingest} moves each one to the processed or quarantine prefix, and an object it leaves
 * (database away) is listed again on the next poll. Object metadata arrives as Camel headers and is
 * removed before anything else runs.
 */
@Component
@Conditional(S3IngestEnabled.class)
public class S3IngestRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "ingest-s3-poll";
    /** Exchange property with the object's key, kept while the consumer's headers are stripped. */
    static final String KEY = "castwireS3Key";

    private final S3Properties properties;
    private final S3Ingest ingest;
    private final InboundHeaderFilter headers;
    private final Backbone backbone;
    private final CastwireProperties hub;

    public S3IngestRoutes(S3Properties properties, S3Ingest ingest, InboundHeaderFilter headers, Backbone backbone,
                          CastwireProperties hub) {
        this.properties = properties;
        this.ingest = ingest;
        this.headers = headers;
        this.backbone = backbone;
        this.hub = hub;
    }

    @Override
    public void configure() {
        S3Properties.Ingest p = properties.getIngest();
        fromF("aws2-s3://%s?amazonS3Client=#%s&prefix=RAW(%s)&includeBody=false&ignoreBody=false&autocloseBody=true"
                        + "&deleteAfterRead=false&moveAfterRead=false&includeFolders=false&maxMessagesPerPoll=%d"
                        + "&delay=%d&backoffErrorThreshold=3&backoffMultiplier=5",
                p.getBucket(), S3IngestConfiguration.CLIENT, ingest.prefix(), Math.max(1, p.getMaxPerPoll()),
                p.getPollInterval().toMillis())
                .routeId(ROUTE_ID)
                .autoStartup("{{castwire.routes.ingest-s3-poll.auto-startup:true}}")
                .streamCache("false")
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.DEBUG, "${exchangeProperty." + KEY + "}: ${exception.message} (an object not yet taken stays in the bucket)")
                .end()
                .setProperty(KEY, header(AWS2S3Constants.KEY))
                .process(headers)
                .bean(S3Ingest.class, "accept(${exchangeProperty." + KEY + "}, ${body})")
                .filter(exchange -> exchange.getMessage().getBody(IngestOutcome.class).dueNow())
                    .setBody(simple("${body.episodeId}"))
                    .process(backbone.keyed())
                    .to(backbone.producer(Handoff.EPISODES, ProcessingRoutes.queueOptions(hub)));
    }
}
